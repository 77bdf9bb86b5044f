package dev.orchestra.billing.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Each user's Stripe customer. */
@ApplicationScoped
public class CustomerRepository {

    private final Sql sql;

    public CustomerRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<String> find(UUID userId) {
        return sql.queryOne("select stripe_customer_id from customers where user_id = ?", row -> row.getString(1), userId);
    }

    /** The user whose customer this is, if it is one of this service's. */
    public Optional<UUID> findUser(String customerId) {
        return sql.queryOne("select user_id from customers where stripe_customer_id = ?", row -> Sql.uuid(row, "user_id"),
                customerId);
    }

    /** Remembers the user's customer unless one is remembered already: true when this one was stored. */
    public boolean insertIfAbsent(UUID userId, String customerId, Instant now) {
        return sql.execute("insert into customers (user_id, stripe_customer_id, created_at) values (?, ?, ?) on conflict do nothing",
                userId, customerId, now) == 1;
    }

    public void delete(UUID userId) {
        sql.execute("delete from customers where user_id = ?", userId);
    }

    /** Forgets the user's customer if it is still this one (Stripe no longer knows it): true when forgotten. */
    public boolean forget(UUID userId, String customerId) {
        return sql.execute("delete from customers where user_id = ? and stripe_customer_id = ?", userId, customerId) == 1;
    }
}
