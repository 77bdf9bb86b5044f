package dev.orchestra.notification.messaging;

import dev.orchestra.notification.domain.Subscription;
import dev.orchestra.notification.service.BillingMails;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.PaymentFailed;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code billing.subscriptions.v1}: subscription transitions and failed payments become mails. */
@ApplicationScoped
public class SubscriptionConsumer {

    private final EventConsumer consumer;
    private final BillingMails mails;

    public SubscriptionConsumer(EventConsumer consumer, BillingMails mails) {
        this.consumer = consumer;
        this.mails = mails;
    }

    @Incoming("subscriptions")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, SubscriptionEnvelope.parser(), this::apply);
    }

    private void apply(SubscriptionEnvelope event) {
        UUID eventId = EventCodec.eventId(event);
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case SUBSCRIPTION_CHANGED -> mails.subscriptionChanged(eventId, userId, subscription(event.getSubscriptionChanged()));
            case PAYMENT_FAILED -> {
                PaymentFailed failed = event.getPaymentFailed();
                if (failed.getCurrency().isBlank() || failed.getAmount() < 0) {
                    throw new UnprocessableEventException("a PaymentFailed without an amount and currency");
                }
                mails.paymentFailed(eventId, userId, failed.getInvoiceId(), failed.getAmount(),
                        failed.getCurrency().toLowerCase(Locale.ROOT),
                        failed.hasNextAttemptAt() ? EventCodec.instant(failed.getNextAttemptAt()) : null, failed.getHostedInvoiceUrl());
            }
            default -> {
                // A kind added to the contract later.
            }
        }
    }

    private static Subscription subscription(SubscriptionChanged changed) {
        if (changed.getPlan().isBlank()) {
            throw new UnprocessableEventException("a SubscriptionChanged without a plan");
        }
        if (changed.getSubscriptionVersion() <= 0) {
            throw new UnprocessableEventException("a SubscriptionChanged without a subscription_version");
        }
        return new Subscription(changed.getPlan(), changed.getCancelAtPeriodEnd(),
                changed.hasCurrentPeriodEnd() ? EventCodec.instant(changed.getCurrentPeriodEnd()) : null,
                changed.getSubscriptionVersion());
    }
}
