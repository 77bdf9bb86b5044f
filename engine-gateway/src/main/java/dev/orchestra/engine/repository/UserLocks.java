package dev.orchestra.engine.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * A transaction-level advisory lock per user: the consumers of project.events.v1 and auth.users.v1
 * (two topics, two threads) and the workers finishing a job take it before they touch a user's
 * rows, so an erasure and a write for the same user never interleave (nothing of an erased user is
 * written back). Two-key locks: their space is apart from the single-key locks platform takes.
 */
@ApplicationScoped
public class UserLocks {

    /** The first key of every lock here ("eng"). */
    private static final int NAMESPACE = 0x656e67;

    private final Sql jdbc;

    public UserLocks(Sql jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID user) {
        long bits = user.getMostSignificantBits() ^ user.getLeastSignificantBits();
        int key = (int) (bits ^ (bits >>> 32));
        jdbc.queryOne("select pg_advisory_xact_lock(?, ?)", row -> Boolean.TRUE, NAMESPACE, key);
    }
}
