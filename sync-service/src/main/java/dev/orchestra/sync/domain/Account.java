package dev.orchestra.sync.domain;

import java.time.Instant;

/**
 * A user's subscription as billing-service last announced it: the effective plan, Stripe's status,
 * whether it ends at the period's end, and the period's end ({@code null} when none was given).
 * {@code subscriptionVersion} only grows per user; 0 stands for "nothing known yet".
 */
public record Account(String plan, String status, boolean cancelAtPeriodEnd, Instant currentPeriodEnd, long subscriptionVersion) {

    /** The plan a user has before any subscription is known. */
    public static final String FREE = "free";

    /**
     * Nothing known from billing: the plan the user's token names (free when it names none), no
     * status, no period. Version 0, so that any announced subscription replaces it.
     */
    public static Account unknown(String tokenPlan) {
        return new Account(tokenPlan == null || tokenPlan.isBlank() ? FREE : tokenPlan, null, false, null, 0);
    }
}
