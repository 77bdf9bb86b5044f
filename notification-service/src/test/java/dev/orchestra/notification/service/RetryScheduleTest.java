package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The production retry schedule, as shipped in application.properties. */
class RetryScheduleTest {

    private static RetrySchedule shipped() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = RetryScheduleTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        List<Duration> backoff = Arrays.stream(properties.getProperty("orchestra.notification.retry.backoff").split(","))
                .map(String::trim).map(DurationConverter::parseDuration).toList();
        return new RetrySchedule(backoff, DurationConverter.parseDuration(properties.getProperty("orchestra.notification.retry.window")));
    }

    @Test
    void retriesAfter1m5m30m2hThenEvery6hFor24h() throws Exception {
        RetrySchedule schedule = shipped();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(schedule::backoffAfter)).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6));
        Instant recorded = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(schedule.giveUpAt(recorded)).isEqualTo(recorded.plus(Duration.ofHours(24)));
    }

    @Test
    void aMailThatAlwaysFailsIsTriedEightTimesWithinTheWindow() throws Exception {
        RetrySchedule schedule = shipped();
        Instant recorded = Instant.parse("2026-11-25T10:00:00Z");
        Instant attempt = recorded;
        int attempts = 1;
        while (attempt.plus(schedule.backoffAfter(attempts)).isBefore(schedule.giveUpAt(recorded))) {
            attempt = attempt.plus(schedule.backoffAfter(attempts));
            attempts++;
        }
        // 0, 1 min, 6 min, 36 min, 2 h 36, 8 h 36, 14 h 36, 20 h 36; the next would be at 26 h 36.
        assertThat(attempts).isEqualTo(8);
        assertThat(attempt).isEqualTo(recorded.plus(Duration.ofHours(20).plusMinutes(36)));
    }
}
