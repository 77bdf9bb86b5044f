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

    /** Whether {@code next} is newer than this: a subscription version only grows. */
    public boolean isOlderThan(Subscription next) {
        return next.version > version;
    }

    /**
     * The mails the change from this state to {@code next} calls for:
     * <ul>
     *   <li>to a paid plan (from free, or from another paid plan) → a confirmation;</li>
     *   <li>on the same paid plan, {@code cancel_at_period_end} becoming true → a cancellation notice;</li>
     *   <li>from a paid plan to free → a back-to-free notice;</li>
     *   <li>anything else (a renewal, a status change, a cancellation withdrawn) → nothing.</li>
     * </ul>
     */
    public List<MailKind> mailsOnChangeTo(Subscription next) {
        List<MailKind> mails = new ArrayList<>();
        if (next.isPaid() && !Objects.equals(plan, next.plan)) {
            mails.add(MailKind.SUBSCRIPTION_CONFIRMED);
        } else if (next.isPaid() && !cancelAtPeriodEnd && next.cancelAtPeriodEnd) {
            mails.add(MailKind.SUBSCRIPTION_CANCELLED);
        } else if (isPaid() && !next.isPaid()) {
            mails.add(MailKind.SUBSCRIPTION_ENDED);
        }
        return mails;
    }
}
