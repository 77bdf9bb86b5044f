package dev.orchestra.billing.service;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.proto.events.v1.PaymentFailed;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import java.time.Instant;
import java.util.UUID;

/** The envelopes of {@code billing.subscriptions.v1} (proto billing_subscriptions.proto), keyed by user id. */
public final class SubscriptionEvents {

    public static final String TOPIC = "billing.subscriptions.v1";

    private SubscriptionEvents() {
    }

    /** The user's effective plan, Stripe status, period end, cancel flag and the user's new subscription version. */
    public static SubscriptionEnvelope changed(UUID userId, String plan, String status, boolean cancelAtPeriodEnd,
                                               Instant currentPeriodEnd, long subscriptionVersion, Instant now) {
        SubscriptionChanged.Builder changed = SubscriptionChanged.newBuilder().setPlan(plan).setStatus(status)
                .setCancelAtPeriodEnd(cancelAtPeriodEnd).setSubscriptionVersion(subscriptionVersion);
        if (currentPeriodEnd != null) {
            changed.setCurrentPeriodEnd(EventCodec.timestamp(currentPeriodEnd));
        }
        return envelope(userId, now).setSubscriptionChanged(changed).build();
    }

    /** A failed payment of one of the user's invoices (amount in minor units, currency lower case as Stripe sends it). */
    public static SubscriptionEnvelope paymentFailed(UUID userId, String invoiceId, long amount, String currency, Instant nextAttemptAt,
                                                     String hostedInvoiceUrl, Instant now) {
        PaymentFailed.Builder failed = PaymentFailed.newBuilder().setInvoiceId(invoiceId).setAmount(amount)
                .setCurrency(currency == null ? "" : currency).setHostedInvoiceUrl(hostedInvoiceUrl == null ? "" : hostedInvoiceUrl);
        if (nextAttemptAt != null) {
            failed.setNextAttemptAt(EventCodec.timestamp(nextAttemptAt));
        }
        return envelope(userId, now).setPaymentFailed(failed).build();
    }

    private static SubscriptionEnvelope.Builder envelope(UUID userId, Instant now) {
        return SubscriptionEnvelope.newBuilder().setEventId(Ids.newId().toString()).setOccurredAt(EventCodec.timestamp(now))
                .setUserId(userId.toString());
    }
}
