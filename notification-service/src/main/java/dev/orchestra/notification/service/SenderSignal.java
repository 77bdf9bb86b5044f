package dev.orchestra.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How a commit that recorded deliveries wakes this replica's senders at once, rather than at their
 * next sweep. A sender reads the generation before it looks for work, so a wake that comes while it
 * works is not lost.
 */
@ApplicationScoped
public class SenderSignal {

    private long generation;

    public synchronized long generation() {
        return generation;
    }

    public synchronized void wake() {
        generation++;
        notifyAll();
    }

    /** Waits until a wake after {@code seen}, or for at most {@code max}. */
    public synchronized void await(long seen, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); generation == seen && left > 0; left = until - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
