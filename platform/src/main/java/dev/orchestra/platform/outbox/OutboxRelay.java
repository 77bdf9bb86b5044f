package dev.orchestra.platform.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Takes outbox rows to Kafka. One relay is active per service: it holds a PostgreSQL advisory
 * lock, keyed by the service name, on a connection of its own; the others wait for it. The lock is a
 * lease: that connection's session has {@code idle_session_timeout} set to the lease (10 s by
 * default) and the active relay touches it at least three times a lease, so a holder that stops
 * working (a frozen process, a long pause) loses its session, and with it the lock, to PostgreSQL;
 * another replica takes over. The old holder checks its session before each send, so once it runs
 * again it publishes nothing until it holds the lock again. The relay's thread survives any failure
 * (errors included) and is restarted by {@link #ensureRunning()} should it end anyway. The active one publishes rows in id order with an idempotent producer ({@code acks=all},
 * {@code linger.ms=0}), waits for the broker's acknowledgements, then deletes the rows. While Kafka
 * is down the rows stay and the relay retries with backoff; a row the broker can never accept is
 * moved to {@code outbox_failed} (logged and counted) so it blocks nothing behind it.
 *
 * <p>It is woken in-process after a commit that wrote outbox rows ({@link #wake()}) and polls for
 * rows other replicas wrote.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A round takes at most this many payload bytes (and always at least one row): file events are large. */
    private static final long BATCH_BYTES = 16L * 1024 * 1024;
    private static final String SELECT =
            "select id, topic, record_key, headers::text, payload, request_id from ("
                    + " select o.*, sum(octet_length(o.payload)) over (order by o.id) as upto"
                    + " from (select * from outbox order by id limit ?) o) b"
                    + " where upto - octet_length(payload) < ? order by id";

    /** Where the relay gets its database connections: one held for the lock, the rest short-lived. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private final String service;
    private final long lockKey;
    private final ConnectionSource connections;
    private final Properties producerConfig;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final ObjectMapper json = new ObjectMapper();
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong movedAside = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    private volatile boolean running;
    private volatile boolean active;
    /** After losing the lease (its session ended), this replica waits until then before competing again. */
    private long competeAgainAt;
    private Thread thread;
    private Connection lockConnection;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(String service, ConnectionSource connections, Map<String, Object> kafkaConfig, int batchSize,
                       Duration pollInterval) {
        this(service, connections, kafkaConfig, batchSize, pollInterval, Duration.ofSeconds(10));
    }

    public OutboxRelay(String service, ConnectionSource connections, Map<String, Object> kafkaConfig, int batchSize,
                       Duration pollInterval, Duration lease) {
        this.service = service;
        this.lease = lease;
        this.lockKey = lockKey(service);
        this.connections = connections;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.producerConfig = new Properties();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4325376);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox-" + UUID.randomUUID());
        producerConfig.putAll(kafkaConfig);
    }

    /** The advisory lock's key: the same for every replica of a service, different across services. */
    static long lockKey(String service) {
        return UUID.nameUUIDFromBytes(("orchestra-outbox:" + service).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, service + "-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Restarts the relay's thread if it ended while the relay should run; true when it did. */
    public synchronized boolean ensureRunning() {
        if (running && (thread == null || !thread.isAlive())) {
            LOG.errorf("outbox relay of %s had stopped: restarting it", service);
            start();
            return true;
        }
        return false;
    }

    /** Publish now rather than at the next poll. */
    public void wake() {
        wakeups.release();
    }

    /** Whether this relay holds the lock (is the service's active relay). */
    public boolean isActive() {
        return active;
    }

    public long publishedCount() {
        return published.get();
    }

    public long movedAsideCount() {
        return movedAside.get();
    }

    /** Rounds that failed (Kafka or the database unreachable) and were retried after a backoff. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public synchronized void close() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = pollInterval;
        try {
            while (running) {
                try {
                    if (!holdLock()) {
                        pause(pollInterval);
                        continue;
                    }
                    if (publishBatch() == 0) {
                        pause(pollInterval);
                    }
                    backoff = pollInterval;
                } catch (Exception | Error e) {
                    // An Error too: a relay that stops publishes nothing for the whole service.
                    failedAttempts.incrementAndGet();
                    LOG.warnf("outbox relay of %s: %s; retrying in %d ms", service, e.toString(), backoff.toMillis());
                    closeProducer();
                    if (lockConnection != null && !isValid(lockConnection)) {
                        leaseLost();
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            closeProducer();
            releaseLock();
        }
    }

    private boolean holdLock() throws SQLException {
        if (active) {
            return true;
        }
        if (System.nanoTime() < competeAgainAt) {
            // This replica just lost the lease: the others get the first chance to take it.
            return false;
        }
        if (lockConnection == null) {
            lockConnection = connections.get();
            lockConnection.setAutoCommit(true);
            // The lease: PostgreSQL ends this session, and the lock with it, once it idles this long.
            try (PreparedStatement timeout = lockConnection.prepareStatement("select set_config('idle_session_timeout', ?, false)")) {
                timeout.setString(1, String.valueOf(lease.toMillis()));
                timeout.execute();
            }
        }
        try (PreparedStatement lock = lockConnection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, lockKey);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                active = result.getBoolean(1);
            }
        }
        if (active) {
            LOG.infof("outbox relay of %s is active", service);
        }
        return active;
    }

    private int publishBatch() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = lockConnection.prepareStatement(SELECT)) {
            select.setInt(1, batchSize);
            select.setLong(2, BATCH_BYTES);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                            result.getBytes(5), result.getString(6)));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        // Still the holder? A relay that was frozen between its read and its send lost the lease
        // meanwhile: its rows may already be another replica's to publish.
        stillHolding();
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Future<RecordMetadata> future;
            try {
                future = kafka.send(row.toRecord(json));
            } catch (Exception e) {
                // A row that cannot even become a record (its stored headers unreadable, say).
                future = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            sent.add(future);
            // Without metadata (the broker unreachable) each send waits max.block.ms and fails at
            // once: stop at the first, the rest stay in the outbox for the next round.
            if (future.isDone() && failedRetriably(future)) {
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>(rows.size());
        // Keys with an event left for a later round: their later events stay too (and go again
        // after it), so each entity's events keep their order on the topic.
        java.util.Set<String> heldKeys = new java.util.HashSet<>();
        Exception retryLater = null;
        for (int i = 0; i < sent.size(); i++) {
            Row row = rows.get(i);
            try {
                awaitAck(sent.get(i));
                if (!heldKeys.contains(row.key())) {
                    acknowledged.add(row.id());
                }
            } catch (ExecutionException e) {
                if (neverAcceptable(e.getCause())) {
                    moveAside(row, e.getCause());
                } else {
                    heldKeys.add(row.key());
                    if (retryLater == null) {
                        retryLater = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                    }
                }
            }
        }
        delete(acknowledged);
        published.addAndGet(acknowledged.size());
        if (retryLater != null) {
            throw retryLater;
        }
        return rows.size();
    }

    /** Waits for the broker's answer, touching the lease meanwhile so that a slow broker does not lose it. */
    private void awaitAck(Future<RecordMetadata> future) throws Exception {
        while (true) {
            try {
                future.get(leaseSlice().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                stillHolding();
            }
        }
    }

    /** Touches the lease; fails when the session (and so the lock) is gone. */
    private void stillHolding() throws SQLException {
        if (lockConnection == null || !lockConnection.isValid((int) Math.max(1, leaseSlice().toSeconds()))) {
            throw new SQLException("the outbox lease of " + service + " was lost (its session ended)", "08003");
        }
    }

    private Duration leaseSlice() {
        return lease.dividedBy(3);
    }

    private static boolean failedRetriably(Future<RecordMetadata> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return !neverAcceptable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static boolean neverAcceptable(Throwable cause) {
        return cause instanceof com.fasterxml.jackson.core.JsonProcessingException
                || cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException;
    }

    private void delete(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = lockConnection.prepareStatement("delete from outbox where id = any(?)")) {
            delete.setArray(1, lockConnection.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
    }

    private void moveAside(Row row, Throwable cause) throws SQLException {
        LOG.errorf("outbox row %d for %s can never be published (%s): moved to outbox_failed", row.id(), row.topic(), cause.toString());
        try (PreparedStatement move = lockConnection.prepareStatement(
                "with moved as (delete from outbox where id = ? returning *) "
                        + "insert into outbox_failed (id, topic, record_key, headers, payload, request_id, created_at, expires_at, error) "
                        + "select id, topic, record_key, headers, payload, request_id, created_at, expires_at, ? from moved")) {
            move.setLong(1, row.id());
            move.setString(2, cause.toString());
            move.executeUpdate();
        }
        movedAside.incrementAndGet();
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the outbox producer", e);
            }
            producer = null;
        }
    }

    private void leaseLost() {
        if (active) {
            LOG.warnf("outbox relay of %s lost its lease (its session ended): another replica may publish now", service);
        }
        releaseLock();
        competeAgainAt = System.nanoTime() + leaseSlice().toNanos();
    }

    private void releaseLock() {
        active = false;
        if (lockConnection != null) {
            try {
                lockConnection.close();
            } catch (SQLException e) {
                LOG.debug("closing the outbox lock connection", e);
            }
            lockConnection = null;
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        try {
            for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
                // While active, the session is touched at least three times a lease.
                long slice = active ? Math.min(left, leaseSlice().toNanos()) : left;
                if (wakeups.tryAcquire(slice, TimeUnit.NANOSECONDS)) {
                    wakeups.drainPermits();
                    return;
                }
                if (active && lockConnection != null && !isValid(lockConnection)) {
                    leaseLost();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private record Row(long id, String topic, String key, String headers, byte[] payload, String requestId) {
        ProducerRecord<String, byte[]> toRecord(ObjectMapper json) throws Exception {
            RecordHeaders recordHeaders = new RecordHeaders();
            Map<String, String> values = json.readValue(headers, new TypeReference<HashMap<String, String>>() { });
            values.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
            if (requestId != null) {
                recordHeaders.add("orchestra-request-id", requestId.getBytes(StandardCharsets.UTF_8));
            }
            return new ProducerRecord<>(topic, null, key, payload, recordHeaders);
        }
    }
}
