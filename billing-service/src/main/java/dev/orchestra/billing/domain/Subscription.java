package dev.orchestra.billing.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One Stripe subscription of a user, as Stripe last showed it. */
public record Subscription(String stripeId, UUID userId, String customerId, String status, String priceId, String interval,
                           Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant created) {

    /** Whether it gives the paid plan (active, trialing, past_due). */
    public boolean isPaid() {
        return Plan.forStatus(status) == Plan.PRO;
    }

    /**
     * The subscription that stands for the user when there are several (a second checkout paid, an
     * old one ended): the newest that gives the paid plan, otherwise the newest of all.
     */
    public static Optional<Subscription> current(List<Subscription> subscriptions) {
        Comparator<Subscription> newest = Comparator.comparing(Subscription::created).thenComparing(Subscription::stripeId);
        Optional<Subscription> paid = subscriptions.stream().filter(Subscription::isPaid).max(newest);
        return paid.isPresent() ? paid : subscriptions.stream().max(newest);
    }
}
