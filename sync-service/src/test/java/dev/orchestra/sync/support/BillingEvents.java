package dev.orchestra.sync.support;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import java.time.Instant;
import java.util.UUID;

/** billing-service's SubscriptionChanged, made and published to the test topic as billing-service publishes it. */
public final class BillingEvents {

    public static final String SUBSCRIPTIONS_TOPIC = "test.billing.subscriptions.v1";

    private BillingEvents() {
    }

    /** {@code currentPeriodEnd} null: none sent. */
    public static SubscriptionEnvelope subscriptionChanged(UUID user, String plan, String status, boolean cancelAtPeriodEnd,
                                                           Instant currentPeriodEnd, long subscriptionVersion) {
        SubscriptionChanged.Builder changed = SubscriptionChanged.newBuilder().setPlan(plan).setStatus(status)
                .setCancelAtPeriodEnd(cancelAtPeriodEnd).setSubscriptionVersion(subscriptionVersion);
        if (currentPeriodEnd != null) {
            changed.setCurrentPeriodEnd(EventCodec.timestamp(currentPeriodEnd));
        }
        return SubscriptionEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString()).setSubscriptionChanged(changed).build();
    }

    /** Publishes the event (keyed by user, CloudEvents headers); publishing it again is a redelivery. */
    public static SubscriptionEnvelope publish(SubscriptionEnvelope event) {
        KafkaTestSupport.send(SUBSCRIPTIONS_TOPIC, event.getUserId(), event.toByteArray(),
                EventCodec.headers("billing.subscriptions.v1", event, "billing-service"));
        return event;
    }
}
