package dev.orchestra.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, wait the n-th backoff (the
 * last one repeats); retries stop at the end of the window after the delivery was recorded. By
 * default 1 min, 5 min, 30 min, 2 h, then every 6 h, for 24 h.
 */
@ApplicationScoped
public class RetrySchedule {

    private final List<Duration> backoffs;
    private final Duration window;

    public RetrySchedule(@ConfigProperty(name = "orchestra.notification.retry.backoff") List<Duration> backoffs,
                         @ConfigProperty(name = "orchestra.notification.retry.window") Duration window) {
        if (backoffs.isEmpty() || backoffs.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("orchestra.notification.retry.backoff needs positive durations");
        }
        this.backoffs = List.copyOf(backoffs);
        this.window = window;
    }

    /** The wait after the given number of failed attempts (1 = after the first). */
    public Duration backoffAfter(int failedAttempts) {
        return backoffs.get(Math.min(Math.max(failedAttempts, 1), backoffs.size()) - 1);
    }

    /** No attempt at or after this instant: the delivery has failed. */
    public Instant giveUpAt(Instant recordedAt) {
        return recordedAt.plus(window);
    }
}
