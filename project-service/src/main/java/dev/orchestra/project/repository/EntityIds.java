package dev.orchestra.project.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Ids are one space for projects and files: sync-service keys an entity by (user, id) only, so a
 * project and a file may never share an id. A create with a client-made id locks that id
 * (a transaction-level advisory lock keyed by it) before it checks both tables, so two creates of
 * one id — a project and a file, or two users' — are serialised and the second sees the first.
 */
@ApplicationScoped
public class EntityIds {

    private final Sql sql;

    public EntityIds(Sql sql) {
        this.sql = sql;
    }

    /** The advisory locks' class: the two-int4 key space, which never meets platform's one-bigint locks. */
    private static final int ENTITY_IDS = 0x1d5;

    /**
     * Until the transaction ends. Taken after the user's row and before any project or file row.
     * Two ids with one 32-bit hash share a lock: they wait for each other, which is harmless.
     */
    public void lock(UUID id) {
        sql.queryOne("select pg_advisory_xact_lock(?, ?)", row -> true, ENTITY_IDS, id.hashCode());
    }

    /** Whether a project or a file (live or a tombstone, anyone's) has this id. */
    public boolean taken(UUID id) {
        return sql.queryOne("select 1 from projects where id = ? union all select 1 from files where id = ? limit 1", row -> true, id, id)
                .isPresent();
    }
}
