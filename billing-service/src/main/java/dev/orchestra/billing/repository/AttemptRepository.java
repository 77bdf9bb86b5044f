package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The ledger of POSTs to Stripe: each recorded before the call, finished after it. */
@ApplicationScoped
public class AttemptRepository {

    private final Sql sql;

    public AttemptRepository(Sql sql) {
        this.sql = sql;
    }

    /** A customer attempt's create call as it was sent: what a replay of its key must send again. */
    public record SentCustomer(UUID attemptId, String email, String name) {
    }

    public void insert(Attempt attempt) {
        insert(attempt, null, null);
    }

    /**
     * Records the attempt before its call; a customer attempt keeps the e-mail and name it is sent with
     * while it is open (cleared when it ends).
     */
    public void insert(Attempt attempt, String email, String name) {
        sql.execute("insert into stripe_attempts (id, user_id, purpose, price_id, status, created_at, email, name) "
                + "values (?, ?, ?, ?, 'open', ?, ?, ?)",
                attempt.id(), attempt.userId(), attempt.purpose().id(), attempt.priceId(), attempt.createdAt(), email, name);
    }

    /**
     * The user's newest open customer attempt made at or after {@code notBefore} (its key is still
     * replayable) with what it was sent with; none for an attempt recorded before e-mail and name were kept.
     */
    public Optional<SentCustomer> findOpenCustomer(UUID userId, Instant notBefore) {
        return sql.queryOne("select id, email, name from stripe_attempts where user_id = ? and purpose = ? and status = 'open' "
                + "and created_at >= ? and email is not null order by created_at desc limit 1",
                row -> new SentCustomer(Sql.uuid(row, "id"), row.getString("email"), row.getString("name")),
                userId, Attempt.Purpose.CUSTOMER.id(), notBefore);
    }

    /** The user's newest open attempt of this purpose made at or after {@code notBefore}. */
    public Optional<Attempt> findOpen(UUID userId, Attempt.Purpose purpose, Instant notBefore) {
        return sql.queryOne("select id, user_id, purpose, price_id, created_at from stripe_attempts "
                + "where user_id = ? and purpose = ? and status = 'open' and created_at >= ? order by created_at desc limit 1",
                row -> new Attempt(Sql.uuid(row, "id"), Sql.uuid(row, "user_id"), Attempt.Purpose.of(row.getString("purpose")),
                        row.getString("price_id"), Sql.instant(row, "created_at")),
                userId, purpose.id(), notBefore);
    }

    /** Ends an attempt: {@code done} with what Stripe made, or {@code failed}. */
    public void finish(UUID id, boolean done, String resultId, Instant now) {
        sql.execute("update stripe_attempts set status = ?, result_id = ?, finished_at = ?, email = null, name = null "
                + "where id = ? and status = 'open'", done ? "done" : "failed", resultId, now, id);
    }

    /** Ends the user's other open attempts of this purpose (an older customer attempt, say). */
    public void abandonOpen(UUID userId, Attempt.Purpose purpose, Instant now) {
        sql.execute("update stripe_attempts set status = 'failed', finished_at = ?, email = null, name = null "
                + "where user_id = ? and purpose = ? and status = 'open'", now, userId, purpose.id());
    }

    public void deleteForUser(UUID userId) {
        sql.execute("delete from stripe_attempts where user_id = ?", userId);
    }

    /** Finished attempts older than {@code before}, and open ones older than that (never to be replayed). */
    public int prune(Instant before) {
        return sql.execute("delete from stripe_attempts where created_at < ?", before);
    }
}
