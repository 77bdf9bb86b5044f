package dev.orchestra.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Consuming through the chassis, against the real broker and database. */
@QuarkusTest
@QuarkusTestResource(ProbeTopics.class)
class EventConsumerTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    static UserEnvelope event(String name) {
        UUID user = UUID.randomUUID();
        return UserEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString())
                .setUserRegistered(UserRegistered.newBuilder().setUser(User.newBuilder().setId(user.toString()).setName(name)))
                .build();
    }

    static void send(UserEnvelope event, Map<String, String> headers) {
        KafkaTestSupport.send(ProbeTopics.TOPIC, event.getUserId(), event.toByteArray(), headers);
    }

    @Inject
    EventConsumer eventConsumer;

    @Test
    void aConsumerThatAnswersEveryEventGetsItsFailureInsteadOfADeadLetter() throws SQLException {
        UserEnvelope event = event("answered");
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>(ProbeTopics.TOPIC, 0, 0,
                event.getUserId(), event.toByteArray());
        java.util.List<RuntimeException> seen = new java.util.ArrayList<>();
        double deadLetters = registry.find("orchestra.consumer.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum();
        for (int delivery = 0; delivery < 2; delivery++) {
            eventConsumer.process(record, UserEnvelope.parser(), envelope -> {
                insertEffect(envelope, "written before the bug");
                throw new NullPointerException("a bug in the effect");
            }, (envelope, failure) -> {
                seen.add(failure);
                insertEffect(envelope, "the answer");
            });
        }
        // The failed effect was rolled back; the answer was made once, with the inbox entry (the
        // redelivery found the event processed); nothing was dead-lettered.
        assertThat(seen).hasSize(1).first().isInstanceOf(NullPointerException.class);
        assertThat(count("probe_effects where event_id = '" + event.getEventId() + "'")).isEqualTo(1);
        assertThat(count("probe_effects where event_id = '" + event.getEventId() + "' and name = 'the answer'")).isEqualTo(1);
        assertThat(count("processed_events where event_id = '" + event.getEventId() + "'")).isEqualTo(1);
        assertThat(registry.find("orchestra.consumer.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(deadLetters);
    }

    private void insertEffect(UserEnvelope envelope, String name) {
        try (Connection connection = dataSource.getConnection();
             var insert = connection.prepareStatement("insert into probe_effects (event_id, user_id, name) values (?::uuid, ?::uuid, ?)")) {
            insert.setString(1, envelope.getEventId());
            insert.setString(2, envelope.getUserId());
            insert.setString(3, name);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void redeliveriesHaveOneEffect() throws SQLException {
        UserEnvelope event = event("ada");
        for (int i = 0; i < 3; i++) {
            send(event, Map.of());
        }
        UserEnvelope after = event("after");
        KafkaTestSupport.send(ProbeTopics.TOPIC, event.getUserId(), after.toByteArray(), Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("probe_effects where event_id = '" + after.getEventId() + "'") == 1);
        assertThat(count("probe_effects where event_id = '" + event.getEventId() + "'")).isEqualTo(1);
        assertThat(count("processed_events where event_id = '" + event.getEventId() + "'")).isEqualTo(1);
    }

    @Test
    void undecodableAndInvalidRecordsGoToTheDeadLetterTopicWithTheReason() throws SQLException {
        try (TopicRecorder dlq = TopicRecorder.of(ProbeTopics.DLQ)) {
            String key = UUID.randomUUID().toString();
            KafkaTestSupport.send(ProbeTopics.TOPIC, key, new byte[] {(byte) 0xff, 0x01, 0x02}, Map.of());
            var dead = dlq.awaitOne(r -> key.equals(r.key()));
            assertThat(EventCodec.header(dead.headers(), "dead-letter-reason")).contains("undecodable");

            // Dead letters may be as large as records (up to 4 MiB): a 3 MiB undecodable one.
            String bigKey = UUID.randomUUID().toString();
            byte[] big = new byte[3 * 1024 * 1024];
            java.util.Arrays.fill(big, (byte) 0xff);
            KafkaTestSupport.send(ProbeTopics.TOPIC, bigKey, big, Map.of());
            assertThat(dlq.await(r -> bigKey.equals(r.key()), 1, Duration.ofSeconds(30)).get(0).value()).hasSize(big.length);

            UserEnvelope invalid = event("invalid");
            send(invalid, Map.of());
            var refused = dlq.awaitOne(r -> invalid.getUserId().equals(r.key()));
            assertThat(EventCodec.header(refused.headers(), "dead-letter-reason")).contains("refuses users named invalid");
        }
        // The partition goes on after a dead letter.
        UserEnvelope next = event("next");
        send(next, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("probe_effects where event_id = '" + next.getEventId() + "'") == 1);
    }

    @Test
    void deadLettersAreCountedAndReplayedToThisConsumerOnly() throws Exception {
        double before = deadLetters();
        UserEnvelope refused = event("refused-until-fixed");
        ProbeConsumer.REFUSING.set(true);
        try (TopicRecorder dlq = TopicRecorder.of(ProbeTopics.DLQ); TopicRecorder source = TopicRecorder.of(ProbeTopics.TOPIC)) {
            send(refused, Map.of());
            dlq.awaitOne(r -> refused.getUserId().equals(r.key()));
            assertThat(deadLetters()).isEqualTo(before + 1);
            assertThat(count("probe_effects where event_id = '" + refused.getEventId() + "'")).isZero();

            // The cause is fixed; the operator replays the dead letters with the command line.
            ProbeConsumer.REFUSING.set(false);
            Process replay = new ProcessBuilder(System.getProperty("orchestra.root", "..") + "/orchestra", "dlq", "replay", ProbeTopics.DLQ)
                    .redirectErrorStream(true).start();
            String output = new String(replay.getInputStream().readAllBytes());
            assertThat(replay.waitFor()).as(output).isZero();
            assertThat(output).contains("for platform-test");
            var replayed = source.awaitOne(r -> refused.getUserId().equals(r.key())
                    && "platform-test".equals(EventCodec.header(r.headers(), EventConsumer.REPLAY_HEADER)));
            assertThat(EventCodec.header(replayed.headers(), "dead-letter-reason")).isNull();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count("probe_effects where event_id = '" + refused.getEventId() + "'") == 1);
        } finally {
            ProbeConsumer.REFUSING.set(false);
        }
    }

    double deadLetters() {
        return registry.find("orchestra.consumer.dead.letters").tag("consumer", "platform-test").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void whileTheDatabaseFailsTheEventIsRetriedNotDeadLettered() throws SQLException {
        UserEnvelope event = event("patient");
        try (TopicRecorder dlq = TopicRecorder.of(ProbeTopics.DLQ)) {
            execute("alter table probe_effects rename to probe_effects_away");
            try {
                int before = ProbeConsumer.ATTEMPTS.get();
                send(event, Map.of());
                await().atMost(Duration.ofSeconds(30)).until(() -> ProbeConsumer.ATTEMPTS.get() >= before + 4);
            } finally {
                execute("alter table probe_effects_away rename to probe_effects");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count("probe_effects where event_id = '" + event.getEventId() + "'") == 1);
            assertThat(dlq.records()).noneMatch(r -> event.getUserId().equals(r.key()));
        }
    }

    /**
     * Outages as a failover and an operator make them, on the test role only (roles are cluster-wide:
     * {@code platform} exists for these tests, and the settings are scoped to orchestra_test): sessions
     * turned read-only (25006, a standby), logins refused (28000, as after a rotated password), a transaction ended by the
     * transaction manager's timeout. Each is waited out; nothing is dead-lettered.
     */
    @Test
    void aReadOnlyFailoverRefusedLoginsAndATimeoutAreWaitedOutNotDeadLettered() throws Exception {
        try (TopicRecorder dlq = TopicRecorder.of(ProbeTopics.DLQ)) {
            UserEnvelope duringFailover = event("during-failover");
            double stuckBefore = counted("orchestra.consumer.stuck");
            admin("alter role platform in database orchestra_test set default_transaction_read_only = on");
            try {
                endPlatformSessions();
                send(duringFailover, Map.of());
                // Retried past orchestra.consumer.stuck-after (2 s here): reported once, still not applied.
                await().atMost(Duration.ofSeconds(60)).until(() -> counted("orchestra.consumer.stuck") > stuckBefore);
            } finally {
                admin("alter role platform in database orchestra_test reset default_transaction_read_only");
                endPlatformSessions();
            }
            awaitApplied(duringFailover);

            // Refused logins, as after a password rotation (28P01). A new password alone proves nothing
            // where local connections are trusted (pg_hba "trust", as here), so the role may not log in
            // at all meanwhile: 28000, the same class.
            UserEnvelope duringRotation = event("during-rotation");
            admin("alter role platform nologin");
            try {
                endPlatformSessions();
                send(duringRotation, Map.of());
                await().atMost(Duration.ofSeconds(60)).until(() -> retryingSeconds() > 0);
            } finally {
                admin("alter role platform login");
            }
            awaitApplied(duringRotation);
            await().atMost(Duration.ofSeconds(30)).until(() -> retryingSeconds() == 0);

            UserEnvelope timedOut = event("slow-once");
            ProbeConsumer.SLOW_ONCE.set(true);
            int attempts = ProbeConsumer.ATTEMPTS.get();
            send(timedOut, Map.of());
            awaitApplied(timedOut);
            assertThat(ProbeConsumer.SLOW_ONCE).isFalse();
            assertThat(ProbeConsumer.ATTEMPTS.get()).isGreaterThanOrEqualTo(attempts + 2);

            for (UserEnvelope event : java.util.List.of(duringFailover, duringRotation, timedOut)) {
                assertThat(count("probe_effects where event_id = '" + event.getEventId() + "'")).isEqualTo(1);
                assertThat(dlq.records()).noneMatch(r -> event.getUserId().equals(r.key()));
            }
        } finally {
            ProbeConsumer.SLOW_ONCE.set(false);
        }
    }

    private void awaitApplied(UserEnvelope event) {
        // The pool may still hand out a session the drill ended: such a read fails once and is read again.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> count("probe_effects where event_id = '" + event.getEventId() + "'") == 1);
    }

    double counted(String name) {
        return registry.find(name).tag("consumer", "platform-test").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    double retryingSeconds() {
        var gauge = registry.find("orchestra.consumer.retrying.seconds").tag("consumer", "platform-test").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** Ends the test role's sessions, as a failover or an operator does: the pool must open new ones. */
    static void endPlatformSessions() throws Exception {
        admin("select count(pg_terminate_backend(pid)) from pg_stat_activity where usename = 'platform' and datname = 'orchestra_test'");
    }

    /** Superuser SQL on orchestra_test through the script's admin connection. */
    static void admin(String sql) throws Exception {
        Process process = new ProcessBuilder(System.getProperty("orchestra.root", "..") + "/orchestra", "test-db-admin", sql)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void aBugIsDeadLetteredNotRetriedForeverAndAnUnknownKindIsSkipped() throws Exception {
        try (TopicRecorder dlq = TopicRecorder.of(ProbeTopics.DLQ)) {
            UserEnvelope bug = event("bug");
            send(bug, Map.of());
            var dead = dlq.awaitOne(r -> bug.getUserId().equals(r.key()));
            assertThat(EventCodec.header(dead.headers(), "dead-letter-reason")).contains("a bug in the effect");

            // A kind added to the contract later: field 99 of the envelope, unknown here.
            UserEnvelope known = event("known");
            byte[] later = known.toBuilder().clearUserRegistered().build().toByteArray();
            byte[] withUnknownKind = java.util.Arrays.copyOf(later, later.length + 4);
            System.arraycopy(new byte[] {(byte) 0x9a, 0x06, 0x01, 0x08}, 0, withUnknownKind, later.length, 4);
            KafkaTestSupport.send(ProbeTopics.TOPIC, known.getUserId(), withUnknownKind, Map.of());
            UserEnvelope next = event("after-unknown").toBuilder().setUserId(known.getUserId()).build();
            send(next, Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> count("probe_effects where event_id = '" + next.getEventId() + "'") == 1);
            assertThat(dlq.records()).noneMatch(r -> known.getUserId().equals(r.key()));
        }
    }

    @Test
    void aReplayAddressedToAnotherConsumerIsSkipped() throws SQLException {
        UserEnvelope forOthers = event("not-for-me");
        UserEnvelope forMe = forOthers.toBuilder().setEventId(UUID.randomUUID().toString())
                .setUserRegistered(UserRegistered.newBuilder().setUser(User.newBuilder().setName("for-me"))).build();
        send(forOthers, Map.of(EventConsumer.REPLAY_HEADER, "project-service"));
        send(forMe, Map.of(EventConsumer.REPLAY_HEADER, "platform-test"));
        // Same key, same partition: once the second is applied, the first was handled before it.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("probe_effects where event_id = '" + forMe.getEventId() + "'") == 1);
        assertThat(count("probe_effects where event_id = '" + forOthers.getEventId() + "'")).isZero();
    }

    long count(String fromWhere) {
        return dev.orchestra.platform.testing.TestDatabase.count(dataSource, fromWhere);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
