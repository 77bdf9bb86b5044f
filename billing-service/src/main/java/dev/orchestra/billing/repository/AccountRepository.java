package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.Account;
import dev.orchestra.billing.domain.BillingState;
import dev.orchestra.billing.domain.PaymentFailure;
import dev.orchestra.billing.domain.Plan;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Each user's effective billing state as last published, its version, and the last payment failure. */
@ApplicationScoped
public class AccountRepository {

    private final Sql sql;

    public AccountRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Account> find(UUID userId) {
        return sql.queryOne("select * from accounts where user_id = ?", AccountRepository::map, userId);
    }

    public void save(Account account, Instant now) {
        BillingState state = account.state();
        PaymentFailure failure = account.lastFailure();
        sql.execute("insert into accounts (user_id, plan, status, billing_interval, current_period_end, cancel_at_period_end, "
                + "stripe_subscription_id, subscription_version, failure_invoice_id, failure_amount, failure_currency, failure_at, "
                + "failure_next_attempt_at, failure_hosted_invoice_url, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (user_id) do update set plan = excluded.plan, status = excluded.status, "
                + "billing_interval = excluded.billing_interval, current_period_end = excluded.current_period_end, "
                + "cancel_at_period_end = excluded.cancel_at_period_end, stripe_subscription_id = excluded.stripe_subscription_id, "
                + "subscription_version = excluded.subscription_version, failure_invoice_id = excluded.failure_invoice_id, "
                + "failure_amount = excluded.failure_amount, failure_currency = excluded.failure_currency, "
                + "failure_at = excluded.failure_at, failure_next_attempt_at = excluded.failure_next_attempt_at, "
                + "failure_hosted_invoice_url = excluded.failure_hosted_invoice_url, updated_at = excluded.updated_at",
                account.userId(), state.plan().id(), state.status(), state.interval(), state.currentPeriodEnd(), state.cancelAtPeriodEnd(),
                state.subscriptionId(), account.subscriptionVersion(),
                failure == null ? null : failure.invoiceId(), failure == null ? null : failure.amount(),
                failure == null ? null : failure.currency(), failure == null ? null : failure.failedAt(),
                failure == null ? null : failure.nextAttemptAt(), failure == null ? null : failure.hostedInvoiceUrl(), now);
    }

    public void deleteForUser(UUID userId) {
        sql.execute("delete from accounts where user_id = ?", userId);
    }

    private static Account map(ResultSet row) throws SQLException {
        BillingState state = new BillingState(Plan.valueOf(row.getString("plan").toUpperCase(java.util.Locale.ROOT)),
                row.getString("status"), row.getString("billing_interval"), Sql.instant(row, "current_period_end"),
                row.getBoolean("cancel_at_period_end"), row.getString("stripe_subscription_id"));
        PaymentFailure failure = row.getString("failure_invoice_id") == null ? null
                : new PaymentFailure(row.getString("failure_invoice_id"), row.getLong("failure_amount"), row.getString("failure_currency"),
                        Sql.instant(row, "failure_at"), Sql.instant(row, "failure_next_attempt_at"),
                        row.getString("failure_hosted_invoice_url"));
        return new Account(Sql.uuid(row, "user_id"), state, row.getLong("subscription_version"), failure);
    }
}
