package dev.orchestra.billing.domain;

import java.util.Set;

/** The plans : {@code free} and {@code pro}; no "team" before shared workspaces. */
public enum Plan {
    FREE("free"),
    PRO("pro");

    /** Statuses that keep the paid plan: {@code past_due} too, while Stripe retries the payment. */
    private static final Set<String> PAID = Set.of("active", "trialing", "past_due");

    private final String id;

    Plan(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The effective plan of a subscription in this Stripe status: pro while active, trialing or
     * past_due; free for canceled, unpaid, incomplete, incomplete_expired, paused or none.
     */
    public static Plan forStatus(String status) {
        return status != null && PAID.contains(status) ? PRO : FREE;
    }
}
