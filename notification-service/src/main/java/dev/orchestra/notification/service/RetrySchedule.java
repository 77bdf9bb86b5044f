package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.DeliveryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, wait the n-th backoff (the
 * last one repeats). Attempts stop at the delivery's <em>stop</em>: the end of the retry window
 * ({@code give_up_at}, the window after the delivery was recorded) or, for a mail carrying a one-time
 * token, the token's {@code expires_at} when that comes first. A backoff that would reach past the
 * stop is cut short: the last attempt is at the stop itself. By default 1 min, 5 min, 30 min, 2 h,
 * then every 6 h, for 24 h.
 */
@ApplicationScoped
public class RetrySchedule {

    /** After a failed attempt: pending until {@code nextAttemptAt}, or final ({@code nextAttemptAt} null). */
    public record Outcome(DeliveryStatus status, Instant nextAttemptAt) {

        public boolean isFinal() {
            return status != DeliveryStatus.PENDING;
        }
    }

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

    /** The end of the retry window of a delivery recorded at this instant. */
    public Instant giveUpAt(Instant recordedAt) {
        return recordedAt.plus(window);
    }

    /** The last moment of a delivery: its token's expiry when that comes first, else the end of its window. */
    public static Instant stop(Instant expiresAt, Instant giveUpAt) {
        return expiresAt != null && expiresAt.isBefore(giveUpAt) ? expiresAt : giveUpAt;
    }

    /**
     * How a delivery ends unsent at its stop: {@code expired} when that stop was its token's expiry
     * ({@code expires_at <= give_up_at}), {@code failed} when it was the end of the window.
     */
    public static DeliveryStatus statusAtStop(Instant expiresAt, Instant giveUpAt) {
        return expiresAt != null && !expiresAt.isAfter(giveUpAt) ? DeliveryStatus.EXPIRED : DeliveryStatus.FAILED;
    }

    /**
     * After the {@code attempts}-th attempt failed at {@code now}: the next attempt after the backoff,
     * at the stop when the backoff reaches it; or the end when this attempt was at (or after) the stop.
     */
    public Outcome afterFailedAttempt(int attempts, Instant now, Instant expiresAt, Instant giveUpAt) {
        Instant stop = stop(expiresAt, giveUpAt);
        if (!now.isBefore(stop)) {
            return new Outcome(statusAtStop(expiresAt, giveUpAt), null);
        }
        Instant next = now.plus(backoffAfter(attempts));
        return new Outcome(DeliveryStatus.PENDING, next.isBefore(stop) ? next : stop);
    }
}
