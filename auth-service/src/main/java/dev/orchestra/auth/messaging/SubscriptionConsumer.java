package dev.orchestra.auth.messaging;

import dev.orchestra.auth.service.AccountService;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code billing.subscriptions.v1}: a SubscriptionChanged sets the user's plan (the newest subscription version wins). */
@ApplicationScoped
public class SubscriptionConsumer {

    private final EventConsumer consumer;
    private final AccountService accounts;

    public SubscriptionConsumer(EventConsumer consumer, AccountService accounts) {
        this.consumer = consumer;
        this.accounts = accounts;
    }

    @Incoming("subscriptions")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, SubscriptionEnvelope.parser(), this::apply);
    }

    private void apply(SubscriptionEnvelope event) {
        if (event.hasSubscriptionChanged()) {
            var changed = event.getSubscriptionChanged();
            if (changed.getPlan().isBlank()) {
                throw new UnprocessableEventException("a SubscriptionChanged without a plan");
            }
            accounts.applySubscription(EventCodec.userId(event), changed.getPlan(), changed.getSubscriptionVersion());
        }
        // PaymentFailed changes nothing here (notification-service mails it).
    }
}
