package dev.orchestra.billing.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * One user's billing writes, one at a time: a transaction-level advisory lock per user. The API,
 * the users consumer and the event worker all take it, so "is this user deleted?" and the write that
 * follows are one step, and two events of one user are applied one after the other (each re-reading
 * Stripe after the previous committed: a subscription never moves backwards).
 */
@ApplicationScoped
public class UserLocks {

    /** Keeps this service's user locks apart from other advisory locks (the outbox relay's, jobs'). */
    private static final long NAMESPACE = 0x62696c6c696e6755L;

    private final Sql sql;

    public UserLocks(Sql sql) {
        this.sql = sql;
    }

    /** Waits for the user's lock; it is released when the caller's transaction ends. */
    public void lock(UUID userId) {
        long key = NAMESPACE ^ userId.getMostSignificantBits() ^ Long.rotateLeft(userId.getLeastSignificantBits(), 1);
        sql.one("select pg_advisory_xact_lock(?)", s -> s.setLong(1, key), row -> Boolean.TRUE);
    }
}
