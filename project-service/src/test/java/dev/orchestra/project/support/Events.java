package dev.orchestra.project.support;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.MutationSubmitted;
import dev.orchestra.proto.events.v1.Operation;
import dev.orchestra.proto.events.v1.Origin;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The events of the other contexts, published to the test topics exactly as their producers will
 * (protobuf envelope, record key = user id, CloudEvents headers from platform's EventCodec).
 */
public final class Events {

    public static final String PROJECT_EVENTS = "test.project.events.v1";

    private Events() {
    }

    public static MutationEnvelope mutation(UUID user, String device, long mutationId, EntityType entity, Operation op,
                                            Object entityId, Long baseVersion, String dataJson) {
        MutationSubmitted.Builder mutation = MutationSubmitted.newBuilder()
                .setOrigin(Origin.newBuilder().setDeviceId(device).setMutationId(mutationId))
                .setEntity(entity).setOp(op).setEntityId(String.valueOf(entityId))
                .setDataJson(dataJson == null ? "" : dataJson);
        if (baseVersion != null) {
            mutation.setBaseVersion(baseVersion);
        }
        return MutationEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString()).setMutationSubmitted(mutation).build();
    }

    public static void send(MutationEnvelope mutation) {
        KafkaTestSupport.send("test.sync.mutations.v1", mutation.getUserId(), mutation.toByteArray(),
                EventCodec.headers("sync.mutations.v1", mutation, "sync-service"));
    }

    public static MutationEnvelope submit(UUID user, String device, long mutationId, EntityType entity, Operation op, Object entityId,
                                          Long baseVersion, String dataJson) {
        MutationEnvelope mutation = mutation(user, device, mutationId, entity, op, entityId, baseVersion, dataJson);
        send(mutation);
        return mutation;
    }

    /** Returns the event id (to see in the inbox when it was consumed). */
    public static String subscriptionChanged(UUID user, String plan, long subscriptionVersion) {
        SubscriptionEnvelope event = SubscriptionEnvelope.newBuilder().setEventId(Ids.newId().toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now())).setUserId(user.toString())
                .setSubscriptionChanged(SubscriptionChanged.newBuilder().setPlan(plan).setStatus("active")
                        .setSubscriptionVersion(subscriptionVersion)
                        .setCurrentPeriodEnd(EventCodec.timestamp(Instant.now().plus(Duration.ofDays(30)))))
                .build();
        KafkaTestSupport.send("test.billing.subscriptions.v1", event.getUserId(), event.toByteArray(),
                EventCodec.headers("billing.subscriptions.v1", event, "billing-service"));
        return event.getEventId();
    }

    public static String userRegistered(UUID user, String plan) {
        Instant now = Instant.now();
        return sendUser(UserEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(now))
                .setUserId(user.toString()).setUserRegistered(UserRegistered.newBuilder().setUser(User.newBuilder()
                        .setId(user.toString()).setEmail("user-" + user + "@example.com").setName("Ada").setPlan(plan)
                        .setSettingsJson("{}").setCreatedAt(EventCodec.timestamp(now)).setUpdatedAt(EventCodec.timestamp(now))
                        .setVersion(1)))
                .build());
    }

    public static String userDeleted(UUID user) {
        Instant now = Instant.now();
        return sendUser(UserEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(now))
                .setUserId(user.toString()).setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(now)))
                .build());
    }

    private static String sendUser(UserEnvelope event) {
        KafkaTestSupport.send("test.auth.users.v1", event.getUserId(), event.toByteArray(),
                EventCodec.headers("auth.users.v1", event, "auth-service"));
        return event.getEventId();
    }

    /**
     * Another user id whose records land on the same partition as {@code user}'s (Kafka's default
     * partitioner: murmur2 of the key), on topics of {@code partitions} partitions. Its outcome,
     * seen after {@code user}'s mutation on the same partition, proves everything before it was
     * processed and published: the way to show that nothing was published for something.
     */
    public static UUID samePartitionAs(UUID user, int partitions) {
        int target = partition(user, partitions);
        while (true) {
            UUID candidate = UUID.randomUUID();
            if (partition(candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partition(UUID user, int partitions) {
        byte[] key = user.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % partitions;
    }
}
