package dev.orchestra.project.messaging;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.project.service.AccountErasure;
import dev.orchestra.project.service.Plans;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code billing.subscriptions.v1}: SubscriptionChanged sets the plan, the highest subscription version winning. */
@ApplicationScoped
public class SubscriptionConsumer {

    private final EventConsumer consumer;
    private final Plans plans;
    private final AccountErasure erasure;

    public SubscriptionConsumer(EventConsumer consumer, Plans plans, AccountErasure erasure) {
        this.consumer = consumer;
        this.plans = plans;
        this.erasure = erasure;
    }

    @Incoming("subscriptions")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, SubscriptionEnvelope.parser(), this::apply);
    }

    void apply(SubscriptionEnvelope event) {
        UUID userId = EventCodec.userId(event);
        if (!event.hasSubscriptionChanged() || erasure.isErased(userId)) {
            // PaymentFailed changes no quota.
            return;
        }
        SubscriptionChanged changed = event.getSubscriptionChanged();
        if (changed.getPlan().isBlank()) {
            throw new UnprocessableEventException("a SubscriptionChanged without a plan");
        }
        plans.applySubscription(userId, changed.getPlan(), changed.getSubscriptionVersion());
    }
}
