package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.StripeJob;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Work owed to Stripe (erasures, customer updates), retried until Stripe took it. */
@ApplicationScoped
public class JobRepository {

    private final Sql sql;

    public JobRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(StripeJob job, Instant now) {
        sql.execute("insert into stripe_jobs (id, kind, user_id, stripe_customer_id, attempt_id, email, name, attempts, next_attempt_at, "
                + "created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", job.id(), job.kind().id(), job.userId(), job.customerId(),
                job.attemptId(), job.email(), job.name(), now, now);
    }

    /** The job due first, locked for the caller's transaction; rows other workers hold are skipped. */
    public Optional<StripeJob> claimNextDue(Instant now) {
        return sql.queryOne("select id, kind, user_id, stripe_customer_id, attempt_id, email, name, attempts from stripe_jobs "
                + "where next_attempt_at <= ? order by next_attempt_at, created_at limit 1 for update skip locked",
                row -> new StripeJob(Sql.uuid(row, "id"), StripeJob.Kind.of(row.getString("kind")), Sql.uuid(row, "user_id"),
                        row.getString("stripe_customer_id"), Sql.uuid(row, "attempt_id"), row.getString("email"), row.getString("name"),
                        row.getInt("attempts")),
                now);
    }

    public void delete(UUID id) {
        sql.execute("delete from stripe_jobs where id = ?", id);
    }

    /** A failed attempt: tried again at {@code next}, unless the row changed meanwhile. */
    public boolean retry(UUID id, int seenAttempts, String error, Instant next) {
        return sql.execute("update stripe_jobs set attempts = ?, last_error = ?, next_attempt_at = ? where id = ? and attempts = ?",
                seenAttempts + 1, error, next, id, seenAttempts) == 1;
    }

    /** A job given up on (Stripe refused it for good, or it failed too often): gone, unless the row changed meanwhile. */
    public boolean abandon(UUID id, int seenAttempts) {
        return sql.execute("delete from stripe_jobs where id = ? and attempts = ?", id, seenAttempts) == 1;
    }

    /** The user's pending jobs of this kind, but those a worker holds right now. */
    public int deleteForUser(UUID userId, StripeJob.Kind kind) {
        return sql.execute("delete from stripe_jobs where id in "
                + "(select id from stripe_jobs where user_id = ? and kind = ? for update skip locked)", userId, kind.id());
    }

    public long pending() {
        return sql.number("select count(*) from stripe_jobs");
    }
}
