package dev.orchestra.notification.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.notification.domain.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The last SubscriptionChanged applied per user. */
@ApplicationScoped
public class SubscriptionRepository {

    private final Sql sql;

    public SubscriptionRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Subscription> find(UUID userId) {
        return sql.one("select plan, cancel_at_period_end, current_period_end, subscription_version from subscriptions "
                + "where user_id = ?", s -> s.setObject(1, userId),
                row -> new Subscription(row.getString("plan"), row.getBoolean("cancel_at_period_end"),
                        Sql.instant(row, "current_period_end"), row.getLong("subscription_version")));
    }

    public void save(UUID userId, Subscription subscription, Instant now) {
        sql.update("insert into subscriptions (user_id, plan, cancel_at_period_end, current_period_end, subscription_version, "
                + "updated_at) values (?, ?, ?, ?, ?, ?) on conflict (user_id) do update set plan = excluded.plan, "
                + "cancel_at_period_end = excluded.cancel_at_period_end, current_period_end = excluded.current_period_end, "
                + "subscription_version = excluded.subscription_version, updated_at = excluded.updated_at", s -> {
                    s.setObject(1, userId);
                    s.setString(2, subscription.plan());
                    s.setBoolean(3, subscription.cancelAtPeriodEnd());
                    s.setTimestamp(4, Sql.timestamp(subscription.currentPeriodEnd()));
                    s.setLong(5, subscription.version());
                    s.setTimestamp(6, Sql.timestamp(now));
                });
    }

    public void delete(UUID userId) {
        sql.update("delete from subscriptions where user_id = ?", s -> s.setObject(1, userId));
    }
}
