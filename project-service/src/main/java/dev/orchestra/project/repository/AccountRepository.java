package dev.orchestra.project.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.project.domain.Account;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** The {@code user_plans} table: one row per user, its lock serialising that user's quota checks. */
@ApplicationScoped
public class AccountRepository {

    private static final String LOCK = "select user_id, plan, content_bytes, erased from user_plans where user_id = ? for update";

    private final Sql sql;

    public AccountRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * The user's row, locked until the transaction ends (made first for a user not seen yet). A
     * second transaction locking it waits, then reads what the first committed.
     */
    public Account lock(UUID userId) {
        Optional<Account> account = sql.queryOne(LOCK, AccountRepository::account, userId);
        if (account.isPresent()) {
            return account.get();
        }
        // Never fails: a concurrent insert of the same user makes this one wait, then do nothing.
        sql.execute("insert into user_plans (user_id) values (?) on conflict (user_id) do nothing", userId);
        return sql.queryOne(LOCK, AccountRepository::account, userId)
                .orElseThrow(() -> new IllegalStateException("user_plans row of " + userId + " vanished"));
    }

    public Optional<Account> find(UUID userId) {
        return sql.queryOne("select user_id, plan, content_bytes, erased from user_plans where user_id = ?", AccountRepository::account,
                userId);
    }

    public void addContentBytes(UUID userId, long delta) {
        if (delta != 0) {
            sql.execute("update user_plans set content_bytes = content_bytes + ? where user_id = ?", delta, userId);
        }
    }

    /** A SubscriptionChanged: applied only when its version is higher than the one applied last. */
    public void applySubscription(UUID userId, String plan, long subscriptionVersion) {
        sql.execute("insert into user_plans (user_id, plan, subscription_version) values (?, ?, ?) "
                + "on conflict (user_id) do update set plan = excluded.plan, subscription_version = excluded.subscription_version "
                + "where user_plans.subscription_version is null or user_plans.subscription_version < excluded.subscription_version",
                userId, plan, subscriptionVersion);
    }

    /** A UserRegistered: sets the plan only where none is known yet. */
    public void applyRegistration(UUID userId, String plan) {
        sql.execute("insert into user_plans (user_id, plan) values (?, ?) "
                + "on conflict (user_id) do update set plan = excluded.plan where user_plans.plan is null", userId, plan);
    }

    /** After UserDeleted: nothing of the user is kept but the fact that it was erased. */
    public void markErased(UUID userId) {
        sql.execute("update user_plans set plan = null, subscription_version = null, content_bytes = 0, erased = true "
                + "where user_id = ?", userId);
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(Sql.uuid(row, "user_id"), row.getString("plan"), row.getLong("content_bytes"), row.getBoolean("erased"));
    }
}
