package dev.orchestra.billing.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Reconciliation's one row: how far it has listed Stripe's events, the run in progress (its window and
 * cursor: resumed after a failure) and who runs it (a lease, so that one replica at a time lists).
 */
@ApplicationScoped
public class ReconciliationRepository {

    /**
     * The row as read under its lock.
     *
     * @param listedUntil up to when the last finished run listed (null before the first)
     * @param lastRunAt   when the last run finished (null before the first)
     * @param runSince    the run in progress: events created at or after this are listed (null: no run in progress)
     * @param runUntil    the run in progress: when it started (what {@code listedUntil} becomes when it finishes)
     * @param runAfter    the run in progress: the last event id stored so far, the next page starts after it
     * @param runHealed   the run in progress: events it stored so far
     * @param leaseOwner  the run that holds the lease, while {@code leaseUntil} is in the future
     */
    public record State(Instant listedUntil, Instant lastRunAt, Instant runSince, Instant runUntil, String runAfter, int runHealed,
                        UUID leaseOwner, Instant leaseUntil) {

        public boolean runInProgress() {
            return runUntil != null;
        }

        public boolean leasedAt(Instant now) {
            return leaseOwner != null && leaseUntil != null && leaseUntil.isAfter(now);
        }
    }

    private final Sql sql;

    public ReconciliationRepository(Sql sql) {
        this.sql = sql;
    }

    /** The row, locked for the rest of the caller's transaction (made on first use). */
    public State lock() {
        sql.execute("insert into reconciliation_state (id) values (1) on conflict (id) do nothing");
        return sql.queryOne("select listed_until, last_run_at, run_since, run_until, run_after, run_healed, lease_owner, lease_until "
                + "from reconciliation_state where id = 1 for update",
                row -> new State(Sql.instant(row, "listed_until"), Sql.instant(row, "last_run_at"), Sql.instant(row, "run_since"),
                        Sql.instant(row, "run_until"), row.getString("run_after"), row.getInt("run_healed"), Sql.uuid(row, "lease_owner"),
                        Sql.instant(row, "lease_until")))
                .orElseThrow();
    }

    /** A new run: its window, no cursor yet. */
    public void startRun(Instant since, Instant until) {
        sql.execute("update reconciliation_state set run_since = ?, run_until = ?, run_after = null, run_healed = 0 where id = 1",
                since, until);
    }

    /** The run is this owner's until {@code until}. */
    public void lease(UUID owner, Instant until) {
        sql.execute("update reconciliation_state set lease_owner = ?, lease_until = ? where id = 1", owner, until);
    }

    /** A page stored: the cursor moves on, the healed count grows, the lease is extended. */
    public void page(String after, int healed, Instant leaseUntil) {
        sql.execute("update reconciliation_state set run_after = ?, run_healed = run_healed + ?, lease_until = ? where id = 1",
                after, healed, leaseUntil);
    }

    /** The run finished: how far it listed, when, what it healed; no run in progress, no lease. */
    public void finish(Instant listedUntil, Instant runAt, int healed) {
        sql.execute("update reconciliation_state set listed_until = ?, last_run_at = ?, last_healed = ?, run_since = null, "
                + "run_until = null, run_after = null, run_healed = 0, lease_owner = null, lease_until = null where id = 1",
                listedUntil, runAt, healed);
    }

    /**
     * A run that failed lets go of its lease (if it still holds it); its window and cursor stay for the
     * next tick to resume, unless {@code dropRun} (the next one starts afresh).
     */
    public void release(UUID owner, boolean dropRun) {
        sql.execute("update reconciliation_state set lease_owner = null, lease_until = null, "
                + "run_since = case when ? then null else run_since end, run_until = case when ? then null else run_until end, "
                + "run_after = case when ? then null else run_after end, run_healed = case when ? then 0 else run_healed end "
                + "where id = 1 and lease_owner = ?", dropRun, dropRun, dropRun, dropRun, owner);
    }
}
