package dev.orchestra.notification.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * One user's writes in this service, one at a time: a transaction-level advisory lock per user.
 * Events of one user arrive on three topics (three consumers) and the preferences API; the lock
 * makes "is this user deleted?" and the write that follows it one step, so nothing of a user is
 * written after the erasure commits.
 */
@ApplicationScoped
public class UserLocks {

    /** Keeps this service's user locks apart from other advisory locks (the outbox relay's, jobs'). */
    private static final long NAMESPACE = 0x6e6f746966795573L;

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
