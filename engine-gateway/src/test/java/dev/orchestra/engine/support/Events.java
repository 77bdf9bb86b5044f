package dev.orchestra.engine.support;

import com.google.protobuf.ByteString;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.FileDeleted;
import dev.orchestra.proto.events.v1.FileUpserted;
import dev.orchestra.proto.events.v1.Project;
import dev.orchestra.proto.events.v1.ProjectCreated;
import dev.orchestra.proto.events.v1.ProjectDeleted;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * project-service's and auth-service's events, made and published as they publish them (protobuf
 * envelope, record key = user id, CloudEvents headers from platform's EventCodec), each sent and
 * acknowledged before the next, in order. Every method returns the event, whose id the inbox shows.
 */
public final class Events {

    private static KafkaProducer<String, byte[]> producer;

    private Events() {
    }

    public static ProjectEnvelope projectCreated(UUID user, UUID project) {
        return publish(envelope(user).setProjectCreated(ProjectCreated.newBuilder().setProject(Project.newBuilder()
                .setId(project.toString()).setName("Demo").setSettingsJson("{}").setVersion(1)
                .setCreatedAt(EventCodec.timestamp(Instant.now())).setUpdatedAt(EventCodec.timestamp(Instant.now())))).build());
    }

    public static ProjectEnvelope projectDeleted(UUID user, UUID project, long version) {
        return publish(envelope(user).setProjectDeleted(ProjectDeleted.newBuilder().setProject(Project.newBuilder()
                .setId(project.toString()).setVersion(version).setDeleted(true))).build());
    }

    public static ProjectEnvelope fileUpserted(UUID user, UUID project, UUID file, String path, String content, long version) {
        return fileUpserted(user, project, file, path, content.getBytes(StandardCharsets.UTF_8), version);
    }

    public static ProjectEnvelope fileUpserted(UUID user, UUID project, UUID file, String path, byte[] content, long version) {
        return publish(envelope(user).setFileUpserted(FileUpserted.newBuilder().setFile(File.newBuilder()
                .setId(file.toString()).setProjectId(project.toString()).setPath(path).setContent(ByteString.copyFrom(content))
                .setSize(content.length).setContentHash("not-the-hash-engine-gateway-sends").setVersion(version)
                .setCreatedAt(EventCodec.timestamp(Instant.now())).setUpdatedAt(EventCodec.timestamp(Instant.now())))).build());
    }

    public static ProjectEnvelope fileDeleted(UUID user, UUID project, UUID file, long version) {
        return publish(envelope(user).setFileDeleted(FileDeleted.newBuilder().setFile(File.newBuilder()
                .setId(file.toString()).setProjectId(project.toString()).setVersion(version).setDeleted(true))).build());
    }

    public static UserEnvelope userDeleted(UUID user) {
        UserEnvelope event = UserEnvelope.newBuilder().setEventId(Ids.newId().toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now())).setUserId(user.toString())
                .setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(Instant.now()))).build();
        send(DevEngineResource.USERS_TOPIC, event.getUserId(), event.toByteArray(),
                EventCodec.headers("auth.users.v1", event, "auth-service"));
        return event;
    }

    private static ProjectEnvelope.Builder envelope(UUID user) {
        return ProjectEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString());
    }

    private static ProjectEnvelope publish(ProjectEnvelope event) {
        send(DevEngineResource.PROJECT_TOPIC, event.getUserId(), event.toByteArray(),
                EventCodec.headers("project.events.v1", event, "project-service"));
        return event;
    }

    private static synchronized void send(String topic, String key, byte[] value, java.util.Map<String, String> headers) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4325376");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, recordHeaders)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }
}
