package dev.orchestra.project.messaging;

import com.google.protobuf.ByteString;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.FileDeleted;
import dev.orchestra.proto.events.v1.FileUpserted;
import dev.orchestra.proto.events.v1.MutationNoop;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.ProjectCreated;
import dev.orchestra.proto.events.v1.ProjectDeleted;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.ProjectUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The events of this context on {@code project.events.v1}, written to the outbox in the caller's
 * transaction (DESIGN.md section 4). Entity events carry the full state and version, and the
 * origin when a sync mutation made them. Call after the write that locked the entity's project
 * row, so one entity's events keep their commit order.
 */
@ApplicationScoped
public class ProjectEvents {

    public static final String TOPIC = "project.events.v1";

    private final Outbox outbox;
    private final Clock clock;

    public ProjectEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void projectCreated(Project project, Origin origin) {
        ProjectCreated.Builder event = ProjectCreated.newBuilder().setProject(state(project));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(project.ownerId()).setProjectCreated(event).build());
    }

    public void projectUpdated(Project project, Origin origin) {
        ProjectUpdated.Builder event = ProjectUpdated.newBuilder().setProject(state(project));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(project.ownerId()).setProjectUpdated(event).build());
    }

    /** Stands for the project's files too: no FileDeleted is published for them. */
    public void projectDeleted(Project tombstone, Origin origin) {
        ProjectDeleted.Builder event = ProjectDeleted.newBuilder().setProject(state(tombstone));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(tombstone.ownerId()).setProjectDeleted(event).build());
    }

    /** A created or changed file, with its content. */
    public void fileUpserted(UUID ownerId, ProjectFile file, Origin origin) {
        FileUpserted.Builder event = FileUpserted.newBuilder().setFile(state(file));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(ownerId).setFileUpserted(event).build());
    }

    public void fileDeleted(UUID ownerId, ProjectFile tombstone, Origin origin) {
        FileDeleted.Builder event = FileDeleted.newBuilder().setFile(state(tombstone));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(ownerId).setFileDeleted(event).build());
    }

    /** A sync mutation that had nothing to change. */
    public void mutationNoop(UUID userId, Origin origin, EntityKind entity, String entityId) {
        outbox.publish(TOPIC, envelope(userId).setMutationNoop(MutationNoop.newBuilder().setOrigin(origin(origin))
                .setEntity(entityType(entity)).setEntityId(entityId)).build());
    }

    /**
     * A sync mutation refused. {@code current} (a {@link Project} or a {@link ProjectFile}, without
     * content) is given only when the entity is the user's own; null otherwise.
     */
    public void mutationRejected(UUID userId, Origin origin, EntityKind entity, String entityId, MutationRejected.Reason reason,
                                 String message, Map<String, String> details, Object current) {
        MutationRejected.Builder event = MutationRejected.newBuilder().setOrigin(origin(origin)).setEntity(entityType(entity))
                .setEntityId(entityId).setReason(reason).setMessage(message == null ? "" : message).putAllDetails(details);
        if (current instanceof Project project) {
            event.setCurrentVersion(project.version()).setCurrentProject(state(project));
        } else if (current instanceof ProjectFile file) {
            event.setCurrentVersion(file.version()).setCurrentFile(state(file));
        }
        outbox.publish(TOPIC, envelope(userId).setMutationRejected(event).build());
    }

    /** The full state; a tombstone keeps only id, version and deleted (the contract's rule). */
    static dev.orchestra.proto.events.v1.Project state(Project project) {
        var state = dev.orchestra.proto.events.v1.Project.newBuilder()
                .setId(project.id().toString())
                .setVersion(project.version())
                .setDeleted(project.deleted());
        if (project.deleted()) {
            return state.build();
        }
        state.setName(project.name())
                .setSettingsJson(project.settings())
                .setCreatedAt(EventCodec.timestamp(project.createdAt()))
                .setUpdatedAt(EventCodec.timestamp(project.updatedAt()));
        if (project.path() != null) {
            state.setPath(project.path());
        }
        if (project.lastSyncedAt() != null) {
            state.setLastSyncedAt(EventCodec.timestamp(project.lastSyncedAt()));
        }
        return state.build();
    }

    /** The full state with the content as UTF-8 bytes when loaded; a tombstone carries none. */
    static File state(ProjectFile file) {
        File.Builder state = File.newBuilder()
                .setId(file.id().toString())
                .setProjectId(file.projectId().toString())
                .setPath(file.path())
                .setSize(file.size())
                .setVersion(file.version())
                .setCreatedAt(EventCodec.timestamp(file.createdAt()))
                .setUpdatedAt(EventCodec.timestamp(file.updatedAt()))
                .setDeleted(file.deleted());
        if (file.contentHash() != null) {
            state.setContentHash(file.contentHash());
        }
        if (file.content() != null && !file.deleted()) {
            state.setContent(ByteString.copyFrom(file.content(), StandardCharsets.UTF_8));
        }
        return state.build();
    }

    static EntityType entityType(EntityKind kind) {
        if (kind == null) {
            return EntityType.ENTITY_TYPE_UNSPECIFIED;
        }
        return switch (kind) {
            case PROJECT -> EntityType.ENTITY_TYPE_PROJECT;
            case FILE -> EntityType.ENTITY_TYPE_FILE;
        };
    }

    private static dev.orchestra.proto.events.v1.Origin origin(Origin origin) {
        return dev.orchestra.proto.events.v1.Origin.newBuilder().setDeviceId(origin.deviceId()).setMutationId(origin.mutationId())
                .build();
    }

    private ProjectEnvelope.Builder envelope(UUID userId) {
        return ProjectEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString());
    }
}
