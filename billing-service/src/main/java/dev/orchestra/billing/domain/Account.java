package dev.orchestra.billing.domain;

import java.util.UUID;

/** What this service last published for a user (SubscriptionChanged) and the last payment failure. */
public record Account(UUID userId, BillingState state, long subscriptionVersion, PaymentFailure lastFailure) {

    /** A user this service has published nothing for: free, no subscription, version 0. */
    public static Account none(UUID userId) {
        return new Account(userId, BillingState.NONE, 0, null);
    }
}
