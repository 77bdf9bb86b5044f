package dev.orchestra.sync.support;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.FileDeleted;
import dev.orchestra.proto.events.v1.FileUpserted;
import dev.orchestra.proto.events.v1.MutationNoop;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.Origin;
import dev.orchestra.proto.events.v1.Project;
import dev.orchestra.proto.events.v1.ProjectCreated;
import dev.orchestra.proto.events.v1.ProjectDeleted;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.ProjectUpdated;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.SessionsRevoked;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** project-service's and auth-service's events, made and published as they would publish them. */
public final class ProjectEvents {

    public static final String PROJECT_TOPIC = "test.project.events.v1";
    public static final String USERS_TOPIC = "test.auth.users.v1";

    private ProjectEvents() {
    }

    public static ProjectEnvelope.Builder envelope(UUID user) {
        return ProjectEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString());
    }

    public static Project project(UUID id, String name, long version) {
        return Project.newBuilder().setId(id.toString()).setName(name).setSettingsJson("{\"theme\":\"dark\"}").setVersion(version)
                .setCreatedAt(EventCodec.timestamp(Instant.parse("2026-11-25T10:00:00.123Z")))
                .setUpdatedAt(EventCodec.timestamp(Instant.now())).build();
    }

    public static File file(UUID id, UUID project, String path, String content, long version) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return File.newBuilder().setId(id.toString()).setProjectId(project.toString()).setPath(path)
                .setContent(ByteString.copyFrom(bytes)).setSize(bytes.length).setContentHash("ab".repeat(32)).setVersion(version)
                .setCreatedAt(EventCodec.timestamp(Instant.now())).setUpdatedAt(EventCodec.timestamp(Instant.now())).build();
    }

    public static Origin origin(UUID device, long mutation) {
        return Origin.newBuilder().setDeviceId(device.toString()).setMutationId(mutation).build();
    }

    public static ProjectEnvelope projectCreated(UUID user, UUID project, String name) {
        return envelope(user).setProjectCreated(ProjectCreated.newBuilder().setProject(project(project, name, 1))).build();
    }

    public static ProjectEnvelope projectUpdated(UUID user, UUID project, String name, long version) {
        return envelope(user).setProjectUpdated(ProjectUpdated.newBuilder().setProject(project(project, name, version))).build();
    }

    public static ProjectEnvelope projectDeleted(UUID user, UUID project, long version) {
        return envelope(user).setProjectDeleted(ProjectDeleted.newBuilder().setProject(Project.newBuilder()
                .setId(project.toString()).setVersion(version).setDeleted(true))).build();
    }

    public static ProjectEnvelope fileUpserted(UUID user, UUID file, UUID project, String path, long version, Origin origin) {
        FileUpserted.Builder upserted = FileUpserted.newBuilder().setFile(file(file, project, path, "content of " + path, version));
        if (origin != null) {
            upserted.setOrigin(origin);
        }
        return envelope(user).setFileUpserted(upserted).build();
    }

    public static ProjectEnvelope fileDeleted(UUID user, UUID file, UUID project, long version) {
        return envelope(user).setFileDeleted(FileDeleted.newBuilder().setFile(File.newBuilder().setId(file.toString())
                .setProjectId(project.toString()).setVersion(version).setDeleted(true))).build();
    }

    public static ProjectEnvelope noop(UUID user, UUID entity, Origin origin) {
        return envelope(user).setMutationNoop(MutationNoop.newBuilder().setOrigin(origin).setEntity(EntityType.ENTITY_TYPE_FILE)
                .setEntityId(entity.toString())).build();
    }

    public static ProjectEnvelope staleRejection(UUID user, UUID file, UUID project, Origin origin, long currentVersion) {
        return envelope(user).setMutationRejected(MutationRejected.newBuilder().setOrigin(origin)
                .setEntity(EntityType.ENTITY_TYPE_FILE).setEntityId(file.toString())
                .setReason(MutationRejected.Reason.REASON_STALE_VERSION).setMessage("The file was changed by someone else")
                .setCurrentVersion(currentVersion).setCurrentFile(file(file, project, "src/a.txt", "current", currentVersion))).build();
    }

    public static void publish(ProjectEnvelope event) {
        KafkaTestSupport.send(PROJECT_TOPIC, event.getUserId(), event.toByteArray(),
                EventCodec.headers("project.events.v1", event, "project-service"));
    }

    public static void publishAll(List<ProjectEnvelope> events) {
        events.forEach(ProjectEvents::publish);
    }

    public static void userDeleted(UUID user) {
        publishUser(UserEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString()).setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(Instant.now())))
                .build());
    }

    public static void sessionsRevoked(UUID user, UUID... sessions) {
        publishUser(UserEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString()).setSessionsRevoked(SessionsRevoked.newBuilder()
                        .addAllSessionIds(java.util.Arrays.stream(sessions).map(UUID::toString).toList())).build());
    }

    private static void publishUser(UserEnvelope event) {
        KafkaTestSupport.send(USERS_TOPIC, event.getUserId(), event.toByteArray(), EventCodec.headers("auth.users.v1", event, "auth-service"));
    }
}
