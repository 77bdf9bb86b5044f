package dev.orchestra.billing.service;

import dev.orchestra.platform.persistence.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How a commit that stored events or jobs wakes this replica's worker at once, rather than at its
 * next sweep. A worker reads the generation before it looks for work, so a wake that comes while it
 * works is not lost.
 */
@ApplicationScoped
public class WorkSignal {

    private final AfterCommit afterCommit;
    private long generation;

    public WorkSignal(AfterCommit afterCommit) {
        this.afterCommit = afterCommit;
    }

    public synchronized long generation() {
        return generation;
    }

    public synchronized void wake() {
        generation++;
        notifyAll();
    }

    /** Wakes the worker when the current transaction commits (not if it rolls back). */
    public void wakeAfterCommit() {
        afterCommit.run(this::wake);
    }

    /** Waits until a wake after {@code seen}, or for at most {@code max}. */
    public synchronized void await(long seen, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); generation == seen && left > 0; left = until - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
