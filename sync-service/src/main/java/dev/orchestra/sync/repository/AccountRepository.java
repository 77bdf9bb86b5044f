package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.sync.domain.Account;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code accounts} table: each user's highest-versioned subscription. */
@ApplicationScoped
public class AccountRepository {

    private final Sql sql;

    public AccountRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the account unless a row of an equal or higher version exists; whether it was stored. */
    public boolean saveIfNewer(UUID userId, Account account, Instant now) {
        return sql.execute("insert into accounts (user_id, plan, status, cancel_at_period_end, current_period_end, "
                + "subscription_version, updated_at) values (?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (user_id) do update set plan = excluded.plan, status = excluded.status, "
                + "cancel_at_period_end = excluded.cancel_at_period_end, current_period_end = excluded.current_period_end, "
                + "subscription_version = excluded.subscription_version, updated_at = excluded.updated_at "
                + "where accounts.subscription_version < excluded.subscription_version",
                userId, account.plan(), account.status(), account.cancelAtPeriodEnd(), account.currentPeriodEnd(),
                account.subscriptionVersion(), now) > 0;
    }

    public Optional<Account> find(UUID userId) {
        return sql.queryOne("select plan, status, cancel_at_period_end, current_period_end, subscription_version "
                + "from accounts where user_id = ?", row -> new Account(row.getString("plan"), row.getString("status"),
                row.getBoolean("cancel_at_period_end"), Sql.instant(row, "current_period_end"), row.getLong("subscription_version")),
                userId);
    }
}
