package dev.orchestra.project.support;

import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.platform.testing.TopicRecorder.Published;
import dev.orchestra.proto.events.v1.Origin;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reading what this service published on {@code project.events.v1}. */
public final class Outcomes {

    private Outcomes() {
    }

    /** The origin an event carries, or null (REST writes carry none). */
    public static Origin origin(ProjectEnvelope event) {
        return switch (event.getKindCase()) {
            case PROJECT_CREATED -> event.getProjectCreated().hasOrigin() ? event.getProjectCreated().getOrigin() : null;
            case PROJECT_UPDATED -> event.getProjectUpdated().hasOrigin() ? event.getProjectUpdated().getOrigin() : null;
            case PROJECT_DELETED -> event.getProjectDeleted().hasOrigin() ? event.getProjectDeleted().getOrigin() : null;
            case FILE_UPSERTED -> event.getFileUpserted().hasOrigin() ? event.getFileUpserted().getOrigin() : null;
            case FILE_DELETED -> event.getFileDeleted().hasOrigin() ? event.getFileDeleted().getOrigin() : null;
            case MUTATION_NOOP -> event.getMutationNoop().getOrigin();
            case MUTATION_REJECTED -> event.getMutationRejected().getOrigin();
            default -> null;
        };
    }

    public static Predicate<Published<ProjectEnvelope>> outcomeOf(String device, long mutationId) {
        return published -> {
            Origin origin = origin(published.envelope());
            return origin != null && origin.getDeviceId().equals(device) && origin.getMutationId() == mutationId;
        };
    }

    /** The one outcome of a mutation, waited for. */
    public static ProjectEnvelope awaitOutcome(TopicRecorder events, String device, long mutationId) {
        return events.awaitEvent(ProjectEnvelope.parser(), outcomeOf(device, mutationId)).envelope();
    }

    /** Every event recorded so far (decoded), in the order received. */
    public static List<Published<ProjectEnvelope>> recorded(TopicRecorder events) {
        return events.records().stream().map(Outcomes::decode).toList();
    }

    public static List<ProjectEnvelope> recordedFor(TopicRecorder events, Predicate<Published<ProjectEnvelope>> match) {
        return recorded(events).stream().filter(match).map(Published::envelope).toList();
    }

    public static Published<ProjectEnvelope> decode(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return new Published<>(record.key(), headers, ProjectEnvelope.parseFrom(record.value()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Partitions of a topic (the mutations and events topics have the same number). */
    public static int partitions(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
