package dev.orchestra.billing.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's effective billing state: the plan the subscription gives, Stripe's status ({@code none}
 * without a subscription), its interval, period end and {@code cancel_at_period_end}.
 */
public record BillingState(Plan plan, String status, String interval, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
                           String subscriptionId) {

    public static final String NO_SUBSCRIPTION = "none";

    /** A user without any subscription. */
    public static final BillingState NONE = new BillingState(Plan.FREE, NO_SUBSCRIPTION, null, null, false, null);

    public static BillingState of(Subscription subscription) {
        return new BillingState(Plan.forStatus(subscription.status()), subscription.status(), subscription.interval(),
                subscription.currentPeriodEnd(), subscription.cancelAtPeriodEnd(), subscription.stripeId());
    }

    /**
     * Whether consumers must hear of the change from {@code before} to this (SubscriptionChanged): a
     * change of plan, status, period end or {@code cancel_at_period_end}. Nothing else (the interval,
     * which subscription it is) makes an event on its own.
     */
    public boolean differsForConsumers(BillingState before) {
        return plan != before.plan || !Objects.equals(status, before.status)
                || !Objects.equals(currentPeriodEnd, before.currentPeriodEnd) || cancelAtPeriodEnd != before.cancelAtPeriodEnd;
    }
}
