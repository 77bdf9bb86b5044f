package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.StoredEvent;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Stripe events received (webhook) or found missing (reconciliation), by Stripe event id. */
@ApplicationScoped
public class EventRepository {

    private final Sql sql;

    public EventRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the event, due at once, unless its id is stored already: true when stored (not a duplicate). */
    public boolean insertIfAbsent(String id, String type, Instant created, String customerId, String payload, String source,
                                  Instant now) {
        return sql.execute("insert into stripe_events (id, type, stripe_created, customer_id, payload, source, status, attempts, "
                + "next_attempt_at, received_at) values (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) on conflict (id) do nothing",
                id, type, created, customerId, payload, source, now, now) == 1;
    }

    /** Which of these event ids are stored already. */
    public Set<String> existing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(sql.list("select id from stripe_events where id = any(?)",
                s -> s.setArray(1, s.getConnection().createArrayOf("text", ids.toArray())), row -> row.getString(1)));
    }

    /**
     * The pending event due first (oldest at Stripe first), locked for the rest of the caller's
     * transaction; rows other workers hold are skipped, so each is applied by one worker at a time.
     */
    public Optional<StoredEvent> claimNextDue(Instant now) {
        return sql.queryOne("select id, type, payload, attempts, source from stripe_events where status = 'pending' "
                + "and next_attempt_at <= ? order by next_attempt_at, stripe_created, received_at limit 1 for update skip locked",
                row -> new StoredEvent(row.getString("id"), row.getString("type"), row.getString("payload"), row.getInt("attempts"),
                        row.getString("source")), now);
    }

    /**
     * Ends the event: {@code applied}, {@code ignored} (with why) or {@code failed} (with the error);
     * {@code forget}: its payload is dropped (only its id stays, so a duplicate is still recognised).
     */
    public void finish(String id, String status, int attempts, String note, boolean forget, Instant now) {
        sql.execute("update stripe_events set status = ?, attempts = ?, last_error = ?, finished_at = ?, "
                + "payload = case when ? then '' else payload end where id = ?", status, attempts, note, now, forget, id);
    }

    /** A failed attempt: tried again at {@code next}. Only while still pending with the attempts seen. */
    public boolean retry(String id, int seenAttempts, String error, Instant next) {
        return sql.execute("update stripe_events set attempts = ?, last_error = ?, next_attempt_at = ? "
                + "where id = ? and status = 'pending' and attempts = ?", seenAttempts + 1, error, next, id, seenAttempts) == 1;
    }

    public void delete(String id) {
        sql.execute("delete from stripe_events where id = ?", id);
    }

    /**
     * The events about a customer (an erasure), but those a worker holds right now: it finds the user
     * deleted once it gets the user's lock, and deletes them itself.
     */
    public int deleteForCustomer(String customerId) {
        return sql.execute("delete from stripe_events where id in "
                + "(select id from stripe_events where customer_id = ? for update skip locked)", customerId);
    }

    /** Events finished before {@code before}. */
    public int prune(Instant before) {
        return sql.execute("delete from stripe_events where status <> 'pending' and finished_at < ?", before);
    }

    public long pending() {
        return sql.number("select count(*) from stripe_events where status = 'pending'");
    }

    public List<String> pendingIds() {
        return sql.query("select id from stripe_events where status = 'pending' order by stripe_created", row -> row.getString(1));
    }
}
