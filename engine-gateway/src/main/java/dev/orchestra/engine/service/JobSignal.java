package dev.orchestra.engine.service;

import dev.orchestra.platform.persistence.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this JVM's job worker right after a commit that queued work (and when a call ends), so a
 * job does not wait for the next poll; the worker still polls for rows other replicas queued and
 * for retries that came due.
 */
@ApplicationScoped
public class JobSignal {

    private final Semaphore wakeups = new Semaphore(0);
    private final AfterCommit afterCommit;

    public JobSignal(AfterCommit afterCommit) {
        this.afterCommit = afterCommit;
    }

    /** In a transaction: wake the worker once it has committed. */
    public void afterCommit() {
        afterCommit.run(this::wake);
    }

    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Waits for a wake-up or the timeout; a wake-up that came meanwhile ends the wait at once. */
    boolean await(long millis) throws InterruptedException {
        boolean woken = wakeups.tryAcquire(millis, TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
        return woken;
    }
}
