package dev.orchestra.platform.outbox;

import static dev.orchestra.platform.outbox.OutboxTestSupport.CONTRACT_TOPIC;
import static dev.orchestra.platform.outbox.OutboxTestSupport.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox against the real database and broker. */
@QuarkusTest
class OutboxTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxSignal signal;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void topic() {
        KafkaTestSupport.createTopics(KafkaTestSupport.bootstrapServers(), TOPIC);
    }

    @BeforeEach
    void clean() {
        TestDatabase.clean(dataSource);
    }

    OutboxRelay relay(Duration pollInterval) {
        return OutboxTestSupport.relay(Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()), pollInterval);
    }

    @Test
    void publishingNeedsTheStateChangesTransactionAndRollsBackWithIt() throws Exception {
        UUID entity = OutboxTestSupport.entities(dataSource, 1).get(0);
        assertThatThrownBy(() -> outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(entity, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(entity, OutboxTestSupport.bump(dataSource, entity)));
            throw new IllegalStateException("the service changed its mind");
        })).hasMessageContaining("changed its mind");
        assertThat(count("outbox")).isZero();
        assertThat(version(entity)).isZero();
    }

    @Test
    void aCommitWakesTheRelayWhichPublishesWithCloudEventsHeaders() throws Exception {
        UUID entity = OutboxTestSupport.entities(dataSource, 1).get(0);
        UserEnvelope event = OutboxTestSupport.event(entity, 1);
        // A poll interval of an hour: only the wake-up after the commit can publish in time.
        try (OutboxRelay relay = relay(Duration.ofHours(1)); TopicRecorder topic = TopicRecorder.of(TOPIC)) {
            Runnable wake = relay::wake;
            signal.onWake(wake);
            relay.start();
            await().atMost(Duration.ofSeconds(10)).until(relay::isActive);
            try {
                MDC.put("request_id", "req-42");
                QuarkusTransaction.requiringNew().run(() -> {
                    OutboxTestSupport.bump(dataSource, entity);
                    outbox.publish(CONTRACT_TOPIC, event);
                });
            } finally {
                MDC.remove("request_id");
            }
            ConsumerRecord<String, byte[]> record = topic.await(r -> r.key().equals(entity.toString()), 1, Duration.ofSeconds(10)).get(0);
            assertThat(UserEnvelope.parseFrom(record.value())).isEqualTo(event);
            assertThat(EventCodec.header(record.headers(), "ce_specversion")).isEqualTo("1.0");
            assertThat(EventCodec.header(record.headers(), "ce_id")).isEqualTo(event.getEventId());
            assertThat(EventCodec.header(record.headers(), "ce_source")).isEqualTo("platform-test");
            assertThat(EventCodec.header(record.headers(), "ce_type")).isEqualTo("dev.orchestra.platform.user_updated.v1");
            assertThat(EventCodec.header(record.headers(), "ce_time")).isNotBlank();
            assertThat(EventCodec.header(record.headers(), "content-type")).isEqualTo("application/protobuf");
            assertThat(EventCodec.header(record.headers(), "orchestra-request-id")).isEqualTo("req-42");
            await().atMost(Duration.ofSeconds(5)).until(() -> count("outbox") == 0);
            signal.remove(wake);
        }
    }

    @Test
    void aRowTheBrokerCanNeverAcceptIsMovedAsideAndBlocksNothing() throws Exception {
        List<UUID> entities = OutboxTestSupport.entities(dataSource, 2);
        try (OutboxRelay relay = relay(Duration.ofMillis(50)); TopicRecorder topic = TopicRecorder.of(TOPIC)) {
            QuarkusTransaction.requiringNew().run(() -> {
                long version = OutboxTestSupport.bump(dataSource, entities.get(0));
                // Over the 4 MiB a record may have.
                UserEnvelope huge = OutboxTestSupport.event(entities.get(0), version).toBuilder()
                        .setUserUpdated(OutboxTestSupport.event(entities.get(0), version).getUserUpdated().toBuilder()
                                .setUser(OutboxTestSupport.event(entities.get(0), version).getUserUpdated().getUser().toBuilder()
                                        .setSettingsJson("x".repeat(5 * 1024 * 1024))))
                        .build();
                outbox.publish(CONTRACT_TOPIC, huge);
            });
            OutboxTestSupport.write(dataSource, outbox, entities.get(1));
            relay.start();
            topic.await(r -> r.key().equals(entities.get(1).toString()), 1, Duration.ofSeconds(20));
            assertThat(relay.movedAsideCount()).isEqualTo(1);
            assertThat(count("outbox_failed")).isEqualTo(1);
            assertThat(count("outbox")).isZero();
        }
    }

    @Test
    void anErrorInTheRelaysThreadDoesNotStopItsPublishing() throws Exception {
        UUID entity = OutboxTestSupport.entities(dataSource, 1).get(0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        OutboxRelay.ConnectionSource real = OutboxTestSupport.connections();
        OutboxRelay.ConnectionSource failingFirst = () -> {
            if (asked.getAndIncrement() == 0) {
                throw new NoClassDefFoundError("an error, not an exception, the first time");
            }
            return real.get();
        };
        try (OutboxRelay relay = new OutboxRelay("platform-test", failingFirst,
                Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()), 500, Duration.ofMillis(50));
             TopicRecorder topic = TopicRecorder.of(TOPIC)) {
            relay.start();
            OutboxTestSupport.write(dataSource, outbox, entity);
            topic.await(r -> r.key().equals(entity.toString()), 1, Duration.ofSeconds(20));
            assertThat(relay.failedAttempts()).isGreaterThanOrEqualTo(1);
            assertThat(relay.ensureRunning()).as("nothing to restart: the thread lived on").isFalse();
        }
    }

    /**
     * Should the relay's thread end all the same (here: handling a failure fails too, which no catch
     * inside the thread can answer), the supervisor's check starts it again and publishing goes on.
     */
    @Test
    void aRelayThreadThatEndedIsStartedAgainAndPublishes() throws Exception {
        UUID entity = OutboxTestSupport.entities(dataSource, 1).get(0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        OutboxRelay.ConnectionSource real = OutboxTestSupport.connections();
        OutboxRelay.ConnectionSource fatalFirst = () -> {
            if (asked.getAndIncrement() == 0) {
                throw new Error("the first connection") {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("describing the failure fails as well");
                    }
                };
            }
            return real.get();
        };
        try (OutboxRelay relay = new OutboxRelay("platform-test", fatalFirst,
                Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()), 500, Duration.ofMillis(50));
             TopicRecorder topic = TopicRecorder.of(TOPIC)) {
            relay.start();
            // True only once the first thread has ended and a new one was started. The thread's end is
            // the point here, so Awaitility must not report it as the test's failure.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(relay::ensureRunning);
            OutboxTestSupport.write(dataSource, outbox, entity);
            topic.await(r -> r.key().equals(entity.toString()), 1, Duration.ofSeconds(20));
            assertThat(asked.get()).isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * A holder that stops working keeps nothing: the first relay, stuck for 8 s in a send to a broker
     * it cannot reach (as a frozen process is stuck), loses its lease (2 s) to PostgreSQL; the second
     * takes over and publishes the event while the first is still stuck.
     */
    @Test
    void aStuckHolderLosesItsLeaseAndAnotherReplicaPublishes() throws Exception {
        UUID entity = OutboxTestSupport.entities(dataSource, 1).get(0);
        Map<String, Object> unreachable = Map.of("bootstrap.servers", "127.0.0.1:1", "max.block.ms", 8000);
        try (OutboxRelay stuck = new OutboxRelay("platform-test", OutboxTestSupport.connections(), unreachable, 500,
                Duration.ofMillis(50), Duration.ofSeconds(2));
             TopicRecorder topic = TopicRecorder.of(TOPIC)) {
            stuck.start();
            await().atMost(Duration.ofSeconds(10)).until(stuck::isActive);
            try (OutboxRelay other = new OutboxRelay("platform-test", OutboxTestSupport.connections(),
                    Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()), 500, Duration.ofMillis(50), Duration.ofSeconds(2))) {
                other.start();
                long written = System.nanoTime();
                OutboxTestSupport.write(dataSource, outbox, entity);
                topic.await(r -> r.key().equals(entity.toString()), 1, Duration.ofSeconds(20));
                assertThat(Duration.ofNanos(System.nanoTime() - written)).as("published while the holder was stuck")
                        .isLessThan(Duration.ofSeconds(8));
                assertThat(other.isActive()).isTrue();
                // Unstuck, the old holder finds its session gone and does not take the lock back from a live holder.
                await().atMost(Duration.ofSeconds(20)).until(() -> stuck.failedAttempts() >= 1);
                assertThat(stuck.isActive()).isFalse();
                assertThat(other.isActive()).isTrue();
            }
        }
    }

    @Test
    void anErasureDeletesTheUsersUnpublishedAndFailedEventsAndNoOneElses() throws Exception {
        List<UUID> users = OutboxTestSupport.entities(dataSource, 2);
        UUID erased = users.get(0);
        UUID kept = users.get(1);
        for (UUID user : users) {
            OutboxTestSupport.write(dataSource, outbox, user);
            OutboxTestSupport.write(dataSource, outbox, user);
            execute("insert into outbox_failed (id, topic, record_key, headers, payload, created_at, error) values ("
                    + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + ", '" + TOPIC + "', '" + user + "', '{}', '\\x00', now(), 'too large')");
        }
        assertThatThrownBy(() -> outbox.forgetUser(erased)).isInstanceOf(IllegalStateException.class);
        int deleted = QuarkusTransaction.requiringNew().call(() -> outbox.forgetUser(erased));
        assertThat(deleted).isEqualTo(3);
        assertThat(count("outbox where record_key = '" + erased + "'")).isZero();
        assertThat(count("outbox_failed where record_key = '" + erased + "'")).isZero();
        assertThat(count("outbox where record_key = '" + kept + "'")).isEqualTo(2);
        assertThat(count("outbox_failed where record_key = '" + kept + "'")).isEqualTo(1);
    }

    @Test
    void anEventWithAnExpiredSecretIsKeptNowhereAndTheRelayCopiesTheExpiryAside() throws Exception {
        List<UUID> users = OutboxTestSupport.entities(dataSource, 3);
        java.time.Instant past = java.time.Instant.now().minusSeconds(1);
        java.time.Instant future = java.time.Instant.now().plusSeconds(3600);
        // An unpublishable one with an expired token, moved aside by the relay with its expiry.
        UUID tooLarge = OutboxTestSupport.entities(dataSource, 1).get(0);
        QuarkusTransaction.requiringNew().run(() -> {
            long version = OutboxTestSupport.bump(dataSource, tooLarge);
            UserEnvelope event = OutboxTestSupport.event(tooLarge, version);
            outbox.publish(CONTRACT_TOPIC, event.toBuilder().setUserUpdated(event.getUserUpdated().toBuilder()
                    .setUser(event.getUserUpdated().getUser().toBuilder().setSettingsJson("x".repeat(5 * 1024 * 1024)))).build(), past);
        });
        try (OutboxRelay relay = relay(Duration.ofMillis(50))) {
            relay.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> count("outbox_failed") == 1);
        }
        assertThat(count("outbox_failed where expires_at is not null")).isEqualTo(1);
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(users.get(0), OutboxTestSupport.bump(dataSource, users.get(0))), past);
            outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(users.get(1), OutboxTestSupport.bump(dataSource, users.get(1))), future);
            outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(users.get(2), OutboxTestSupport.bump(dataSource, users.get(2))));
        });

        outbox.pruneExpired();

        assertThat(count("outbox_failed")).isZero();
        assertThat(count("outbox where record_key = '" + users.get(0) + "'")).isZero();
        assertThat(count("outbox where record_key = '" + users.get(1) + "'")).isEqualTo(1);
        assertThat(count("outbox where record_key = '" + users.get(2) + "'")).isEqualTo(1);
    }

    /**
     * Concurrent writers whose transactions commit out of id order, and two relays competing for
     * the lock, one of them stopping half-way: every event arrives once, each entity's in order.
     */
    @Test
    void concurrentWritersAndTwoRelaysDeliverEverythingOnceInEntityOrder() throws Exception {
        List<UUID> entities = OutboxTestSupport.entities(dataSource, 6);
        int writers = 6;
        int writesEach = 40;
        try (TopicRecorder topic = TopicRecorder.of(TOPIC);
             OutboxRelay first = relay(Duration.ofMillis(20));
             OutboxRelay second = relay(Duration.ofMillis(20))) {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> first.isActive() || second.isActive());
            assertThat(first.isActive() && second.isActive()).as("two active relays").isFalse();

            // Out of id order for sure: A takes the lower outbox id, B the higher, B commits first.
            CountDownLatch aPublished = new CountDownLatch(1);
            CountDownLatch bCommitted = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            Future<?> a = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish(CONTRACT_TOPIC, OutboxTestSupport.event(entities.get(0), OutboxTestSupport.bump(dataSource, entities.get(0))));
                aPublished.countDown();
                awaitLatch(bCommitted);
            }));
            awaitLatch(aPublished);
            pool.submit(() -> OutboxTestSupport.write(dataSource, outbox, entities.get(1))).get();
            bCommitted.countDown();
            a.get();

            List<Future<?>> storm = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                storm.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        OutboxTestSupport.write(dataSource, outbox, entities.get(ThreadLocalRandom.current().nextInt(entities.size())));
                    }
                }));
            }
            // Half-way, the active relay goes away; the other must take over.
            await().atMost(Duration.ofSeconds(30)).until(() -> first.publishedCount() + second.publishedCount() >= writers * writesEach / 2);
            OutboxRelay active = first.isActive() ? first : second;
            OutboxRelay standby = active == first ? second : first;
            active.close();
            for (Future<?> writer : storm) {
                writer.get();
            }
            pool.shutdown();
            int total = 2 + writers * writesEach;
            await().atMost(Duration.ofSeconds(30)).until(standby::isActive);
            List<ConsumerRecord<String, byte[]>> records = topic.await(r -> true, total, Duration.ofSeconds(60));
            Map<UUID, Long> versions = new java.util.HashMap<>();
            for (UUID entity : entities) {
                versions.put(entity, version(entity));
            }
            versions.values().removeIf(v -> v == 0);
            OutboxTestSupport.assertDeliveredOnceInVersionOrder(sortedByOffsetPerPartition(records), versions);
            assertThat(records).hasSize(total);
            await().atMost(Duration.ofSeconds(5)).until(() -> count("outbox") == 0);
        }
    }

    /**
     * The active relay's database session dies (a failover, a killed backend): its lock goes with it,
     * the standby takes over, and the first relay stands by instead of publishing beside it.
     */
    @Test
    void aRelayThatLosesItsLockConnectionGivesWayToTheOther() throws Exception {
        List<UUID> entities = OutboxTestSupport.entities(dataSource, 3);
        try (TopicRecorder topic = TopicRecorder.of(TOPIC);
             OutboxRelay first = relay(Duration.ofMillis(20));
             OutboxRelay second = relay(Duration.ofMillis(20))) {
            first.start();
            await().atMost(Duration.ofSeconds(10)).until(first::isActive);
            second.start();
            for (int i = 0; i < 10; i++) {
                OutboxTestSupport.write(dataSource, outbox, entities.get(i % 3));
            }
            topic.await(r -> true, 10, Duration.ofSeconds(20));

            // pg_locks shows a bigint advisory key as two unsigned 32-bit halves.
            long key = OutboxRelay.lockKey("platform-test");
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted "
                        + "and classid = " + (key >>> 32) + " and objid = " + (key & 0xffffffffL) + " and objsubid = 1");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> second.isActive() && !first.isActive());
            for (int i = 0; i < 10; i++) {
                OutboxTestSupport.write(dataSource, outbox, entities.get(i % 3));
            }
            List<ConsumerRecord<String, byte[]>> records = topic.await(r -> true, 20, Duration.ofSeconds(20));
            Map<UUID, Long> versions = new java.util.HashMap<>();
            for (UUID entity : entities) {
                versions.put(entity, version(entity));
            }
            OutboxTestSupport.assertDeliveredOnceInVersionOrder(sortedByOffsetPerPartition(records), versions);
            assertThat(first.isActive()).isFalse();
        }
    }

    /** The records of each partition in offset order (one entity's events share a partition). */
    static List<ConsumerRecord<String, byte[]>> sortedByOffsetPerPartition(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).values().stream()
                .flatMap(p -> p.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)))
                .toList();
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String table) {
        return TestDatabase.count(dataSource, table);
    }

    long version(UUID entity) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select version from test_entities where id = '" + entity + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
