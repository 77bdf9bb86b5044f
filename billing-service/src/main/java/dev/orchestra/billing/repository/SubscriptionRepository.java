package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.Subscription;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users' Stripe subscriptions, as Stripe last showed them. */
@ApplicationScoped
public class SubscriptionRepository {

    private final Sql sql;

    public SubscriptionRepository(Sql sql) {
        this.sql = sql;
    }

    public void save(Subscription s, Instant now) {
        sql.execute("insert into subscriptions (stripe_subscription_id, user_id, stripe_customer_id, status, price_id, billing_interval, "
                + "current_period_end, cancel_at_period_end, stripe_created, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (stripe_subscription_id) do update set status = excluded.status, price_id = excluded.price_id, "
                + "billing_interval = excluded.billing_interval, current_period_end = excluded.current_period_end, "
                + "cancel_at_period_end = excluded.cancel_at_period_end, updated_at = excluded.updated_at",
                s.stripeId(), s.userId(), s.customerId(), s.status(), s.priceId(), s.interval(), s.currentPeriodEnd(),
                s.cancelAtPeriodEnd(), s.created(), now);
    }

    public List<Subscription> forUser(UUID userId) {
        return sql.query("select * from subscriptions where user_id = ?", SubscriptionRepository::map, userId);
    }

    /**
     * The user whose subscriptions were made for this customer: how events still find the user of a
     * customer this service forgot (deleted at Stripe) — an erased user has no subscription rows.
     */
    public Optional<UUID> findUserByCustomer(String customerId) {
        return sql.queryOne("select user_id from subscriptions where stripe_customer_id = ? limit 1", row -> Sql.uuid(row, "user_id"),
                customerId);
    }

    public void deleteForUser(UUID userId) {
        sql.execute("delete from subscriptions where user_id = ?", userId);
    }

    private static Subscription map(ResultSet row) throws SQLException {
        return new Subscription(row.getString("stripe_subscription_id"), Sql.uuid(row, "user_id"), row.getString("stripe_customer_id"),
                row.getString("status"), row.getString("price_id"), row.getString("billing_interval"),
                Sql.instant(row, "current_period_end"), row.getBoolean("cancel_at_period_end"), Sql.instant(row, "stripe_created"));
    }
}
