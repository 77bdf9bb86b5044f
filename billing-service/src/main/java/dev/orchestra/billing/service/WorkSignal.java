package dev.orchestra.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;

/**
 * How a commit that stored events or jobs wakes this replica's worker at once, rather than at its
 * next sweep. A worker reads the generation before it looks for work, so a wake that comes while it
 * works is not lost.
 */
@ApplicationScoped
public class WorkSignal {

    private final TransactionSynchronizationRegistry transactions;
    private long generation;

    public WorkSignal(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
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
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
    }

    /** Waits until a wake after {@code seen}, or for at most {@code max}. */
    public synchronized void await(long seen, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); generation == seen && left > 0; left = until - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
