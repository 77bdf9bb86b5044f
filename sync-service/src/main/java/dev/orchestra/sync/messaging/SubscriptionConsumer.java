package dev.orchestra.sync.messaging;

import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.sync.service.Subscriptions;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code billing.subscriptions.v1}: SubscriptionChanged → the user's account, once per event (inbox). */
@ApplicationScoped
public class SubscriptionConsumer {

    private final EventConsumer consumer;
    private final Subscriptions subscriptions;

    public SubscriptionConsumer(EventConsumer consumer, Subscriptions subscriptions) {
        this.consumer = consumer;
        this.subscriptions = subscriptions;
    }

    @Incoming("subscriptions")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, SubscriptionEnvelope.parser(), subscriptions::apply);
    }
}
