package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.support.Profiles;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry schedule as shipped in application.properties, and where a delivery stops. (That the
 * sender keeps it, attempt after attempt, is {@code DeliverySenderTest}'s.)
 */
class RetryScheduleTest {

    private static final Instant RECORDED = Instant.parse("2026-11-25T10:00:00Z");

    private static RetrySchedule shipped() {
        List<Duration> backoff = Arrays.stream(Profiles.shipped("orchestra.notification.retry.backoff").split(","))
                .map(String::trim).map(DurationConverter::parseDuration).toList();
        return new RetrySchedule(backoff, DurationConverter.parseDuration(Profiles.shipped("orchestra.notification.retry.window")));
    }

    @Test
    void retriesAfter1m5m30m2hThenEvery6hFor24h() {
        RetrySchedule schedule = shipped();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(schedule::backoffAfter)).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6));
        assertThat(schedule.giveUpAt(RECORDED)).isEqualTo(RECORDED.plus(Duration.ofHours(24)));
    }

    @Test
    void aBackoffThatWouldReachPastTheWindowIsCutToItsEnd() {
        RetrySchedule schedule = shipped();
        Instant giveUpAt = schedule.giveUpAt(RECORDED);
        Instant eighth = RECORDED.plus(Duration.ofHours(20).plusMinutes(36));
        assertThat(schedule.afterFailedAttempt(7, RECORDED.plus(Duration.ofHours(14).plusMinutes(36)), null, giveUpAt))
                .isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.PENDING, eighth));
        assertThat(schedule.afterFailedAttempt(8, eighth, null, giveUpAt))
                .isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.PENDING, giveUpAt));
        assertThat(schedule.afterFailedAttempt(9, giveUpAt, null, giveUpAt)).isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.FAILED, null));
        assertThat(schedule.afterFailedAttempt(9, giveUpAt.plusSeconds(5), null, giveUpAt).status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void aTokenMailStopsAtItsTokensExpiryWhenThatComesFirst() {
        RetrySchedule schedule = shipped();
        Instant giveUpAt = schedule.giveUpAt(RECORDED);
        // A 24 h verification token, made a second before the mail was recorded.
        Instant expiresAt = giveUpAt.minusSeconds(1);
        Instant eighth = RECORDED.plus(Duration.ofHours(20).plusMinutes(36));
        assertThat(RetrySchedule.stop(expiresAt, giveUpAt)).isEqualTo(expiresAt);
        assertThat(schedule.afterFailedAttempt(8, eighth, expiresAt, giveUpAt))
                .isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.PENDING, expiresAt));
        assertThat(schedule.afterFailedAttempt(9, expiresAt, expiresAt, giveUpAt).status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(RetrySchedule.statusAtStop(expiresAt, giveUpAt)).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(RetrySchedule.statusAtStop(giveUpAt, giveUpAt)).isEqualTo(DeliveryStatus.EXPIRED);

        // A token that outlives the window: the window's end is the stop, and it ends failed.
        Instant later = giveUpAt.plus(Duration.ofHours(24));
        assertThat(RetrySchedule.stop(later, giveUpAt)).isEqualTo(giveUpAt);
        assertThat(schedule.afterFailedAttempt(8, eighth, later, giveUpAt))
                .isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.PENDING, giveUpAt));
        assertThat(schedule.afterFailedAttempt(9, giveUpAt, later, giveUpAt).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(RetrySchedule.statusAtStop(later, giveUpAt)).isEqualTo(DeliveryStatus.FAILED);
        assertThat(RetrySchedule.statusAtStop(null, giveUpAt)).isEqualTo(DeliveryStatus.FAILED);

        // A short-lived token: 0, 1 min, 6 min, 36 min, then its expiry.
        Instant hour = RECORDED.plus(Duration.ofHours(1));
        assertThat(schedule.afterFailedAttempt(4, RECORDED.plus(Duration.ofMinutes(36)), hour, giveUpAt))
                .isEqualTo(new RetrySchedule.Outcome(DeliveryStatus.PENDING, hour));
    }
}
