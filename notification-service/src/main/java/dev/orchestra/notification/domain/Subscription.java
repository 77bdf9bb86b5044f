package dev.orchestra.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last SubscriptionChanged applied for a user: billing mails go out on the transitions from it,
 * never on a renewal (the same plan with a later period end).
 */
public record Subscription(String plan, boolean cancelAtPeriodEnd, Instant currentPeriodEnd, long version) {

    public static final String FREE = "free";

    /** Before any SubscriptionChanged: the free plan, version 0. */
    public static final Subscription NONE = new Subscription(FREE, false, null, 0);

    public boolean isPaid() {
        return !FREE.equals(plan);
    }

    /** A paid subscription that ends at the end of its period instead of renewing. */
    public boolean isCancelling() {
        return isPaid() && cancelAtPeriodEnd;
    }

    /** Whether {@code next} is newer than this: a subscription version only grows. */
    public boolean isOlderThan(Subscription next) {
        return next.version > version;
    }

    /**
     * The mails the change from this state to {@code next} calls for, each decided on its own (one
     * event can call for two):
     * <ul>
     *   <li>to a paid plan (from free, or from another paid plan) → a confirmation;</li>
     *   <li>a paid subscription that was not cancelling and now is ({@code cancel_at_period_end}
     *       becoming true, or a new paid plan taken already cancelling) → a cancellation notice;</li>
     *   <li>from a paid plan to free → a back-to-free notice;</li>
     *   <li>anything else (a renewal, a status change, a cancellation withdrawn, a plan change of a
     *       subscription that was already cancelling and still is) → nothing more.</li>
     * </ul>
     * Confirmation first, so that the order of the list is the order in which they make sense.
     */
    public List<MailKind> mailsOnChangeTo(Subscription next) {
        List<MailKind> mails = new ArrayList<>();
        if (next.isPaid() && !Objects.equals(plan, next.plan)) {
            mails.add(MailKind.SUBSCRIPTION_CONFIRMED);
        }
        if (next.isCancelling() && !isCancelling()) {
            mails.add(MailKind.SUBSCRIPTION_CANCELLED);
        }
        if (isPaid() && !next.isPaid()) {
            mails.add(MailKind.SUBSCRIPTION_ENDED);
        }
        return mails;
    }
}
