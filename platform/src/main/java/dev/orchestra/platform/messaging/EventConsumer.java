package dev.orchestra.platform.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.orchestra.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.orchestra.platform.http.RequestIds;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one way a service consumes an event (docs/architecture.md section 4): decode the envelope, then run the
 * effect once per event id in a transaction with the inbox entry. A service's {@code @Incoming}
 * method hands each record to {@link #process}; when this returns, the effect is committed and the
 * offset may be committed.
 *
 * <ul>
 *   <li>Infrastructure failures (the database unreachable, read-only during a failover, refusing a
 *       rotated password, missing; a deadlock, a serialization failure, a transaction ended by the
 *       transaction manager's timeout; a missing table or grant that an operator fixes) are retried
 *       with backoff for as long as they last, holding the partition: nothing is dead-lettered for
 *       them. A record retried for longer than {@code orchestra.consumer.stuck-after} (60 s) is
 *       logged and counted ({@code orchestra_consumer_stuck_total}) once, and
 *       {@code orchestra_consumer_retrying_seconds} shows how long it has been failing.</li>
 *   <li>Any other failure (bad data the database refuses, a bug) can never succeed by retrying: the
 *       record is dead-lettered so the partition goes on, and is replayed once fixed.</li>
 *   <li>An envelope of a kind this consumer does not know yet (added to the contract later) is
 *       skipped.</li>
 *   <li>A record that can never succeed (undecodable, or refused by the effect with
 *       {@link UnprocessableEventException}) is thrown back, and the channel's
 *       {@code failure-strategy=dead-letter-queue} sends it to {@code <topic>.<service>.dlq}.</li>
 *   <li>A record replayed from another consumer's dead-letter topic ({@code orchestra-replay-for}
 *       naming another service) is skipped.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumer {

    public static final String REPLAY_HEADER = "orchestra-replay-for";
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Inbox inbox;
    private final MeterRegistry metrics;
    private final String consumer;
    private final Duration stuckAfter;
    private final int transactionTimeoutSeconds;
    /** When each record now being retried first failed, by consumer, topic and partition. */
    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    private record Retrying(String consumer, long sinceNanos) {
    }

    public EventConsumer(Inbox inbox, MeterRegistry metrics, @ConfigProperty(name = "quarkus.application.name") String consumer,
                         @ConfigProperty(name = "orchestra.consumer.stuck-after", defaultValue = "60s") Duration stuckAfter,
                         @ConfigProperty(name = "orchestra.consumer.transaction-timeout") Optional<Duration> transactionTimeout) {
        this.inbox = inbox;
        this.metrics = metrics;
        this.consumer = consumer;
        this.stuckAfter = stuckAfter;
        // Unset: the transaction manager's default (quarkus.transaction-manager.default-transaction-timeout).
        this.transactionTimeoutSeconds = transactionTimeout.map(t -> (int) Math.max(1, t.toSeconds())).orElse(0);
    }

    public <T extends Message> void process(ConsumerRecord<String, byte[]> record, Parser<T> parser, Consumer<T> effect) {
        process(consumer, record, parser, effect, null);
    }

    /**
     * The same, for a consumer that owes an answer for every event it decodes: when the effect fails
     * for good (not an infrastructure failure, not {@link UnprocessableEventException}), its
     * transaction is rolled back and {@code onFailure} runs instead — in a transaction of its own
     * with the inbox entry, with the same retries of infrastructure failures — rather than the
     * record being dead-lettered.
     */
    public <T extends Message> void process(ConsumerRecord<String, byte[]> record, Parser<T> parser, Consumer<T> effect,
                                            java.util.function.BiConsumer<T, RuntimeException> onFailure) {
        process(consumer, record, parser, effect, onFailure);
    }

    /**
     * The same under a consumer name of its own, for a service that reads one topic in two groups
     * (each keeps its own inbox entries).
     */
    public <T extends Message> void process(String consumer, ConsumerRecord<String, byte[]> record, Parser<T> parser,
                                            Consumer<T> effect) {
        process(consumer, record, parser, effect, null);
    }

    private <T extends Message> void process(String consumer, ConsumerRecord<String, byte[]> record, Parser<T> parser,
                                             Consumer<T> effect, java.util.function.BiConsumer<T, RuntimeException> onFailure) {
        String replayFor = EventCodec.header(record.headers(), REPLAY_HEADER);
        if (replayFor != null && !replayFor.equals(this.consumer)) {
            return;
        }
        T envelope;
        try {
            envelope = decode(record, parser);
        } catch (UnprocessableEventException e) {
            throw deadLetter(consumer, record, e);
        }
        if (envelope == null) {
            LOG.debugf("%s: %s-%d@%d is of a kind this consumer does not know: skipped", consumer, record.topic(),
                    record.partition(), record.offset());
            return;
        }
        UUID eventId = EventCodec.eventId(envelope);
        // The request that caused the event, for the logs and for events this effect publishes.
        String requestId = EventCodec.header(record.headers(), "orchestra-request-id");
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        try {
            RuntimeException failure = applyOnce(consumer, record, envelope, eventId, effect, onFailure != null);
            if (failure != null) {
                LOG.warnf("%s: event %s failed for good (%s): answered by the consumer instead of dead-lettered", consumer,
                        eventId, failure);
                applyOnce(consumer, record, envelope, eventId, answer -> onFailure.accept(answer, failure), false);
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /**
     * Runs the effect once; returns the failure instead of dead-lettering it when {@code answerable}
     * and the failure is neither transient nor {@link UnprocessableEventException}, null otherwise.
     */
    private <T extends Message> RuntimeException applyOnce(String consumer, ConsumerRecord<String, byte[]> record, T envelope,
                                                           UUID eventId, Consumer<T> effect, boolean answerable) {
        Duration backoff = FIRST_BACKOFF;
        String slot = consumer + " " + record.topic() + "-" + record.partition();
        long firstFailure = 0;
        boolean reported = false;
        try {
            while (true) {
                try {
                    QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds).run(() -> {
                        if (inbox.claim(consumer, eventId)) {
                            effect.accept(envelope);
                        }
                    });
                    if (reported) {
                        LOG.infof("%s: event %s from %s-%d@%d went through after %d s of retries", consumer, eventId,
                                record.topic(), record.partition(), record.offset(),
                                Duration.ofNanos(System.nanoTime() - firstFailure).toSeconds());
                    }
                    return null;
                } catch (RuntimeException e) {
                    UnprocessableEventException unprocessable = causeOf(e);
                    if (unprocessable != null) {
                        throw deadLetter(consumer, record, unprocessable);
                    }
                    if (!Infrastructure.isTransient(e)) {
                        if (answerable) {
                            return e;
                        }
                        LOG.error(consumer + ": event " + eventId + " failed for good", e);
                        throw deadLetter(consumer, record, new UnprocessableEventException("failed: " + e, e));
                    }
                    if (firstFailure == 0) {
                        firstFailure = System.nanoTime();
                        retrying.put(slot, new Retrying(consumer, firstFailure));
                        gaugeRetries(consumer);
                    }
                    Duration failingFor = Duration.ofNanos(System.nanoTime() - firstFailure);
                    if (!reported && failingFor.compareTo(stuckAfter) >= 0) {
                        // Once per record: the partition waits behind it until the outage ends.
                        reported = true;
                        metrics.counter("orchestra.consumer.stuck", "consumer", consumer, "topic", record.topic()).increment();
                        LOG.errorf("%s: event %s from %s-%d@%d has been retried for %d s (%s): the partition waits until it "
                                + "goes through", consumer, eventId, record.topic(), record.partition(), record.offset(),
                                failingFor.toSeconds(), e);
                    }
                    LOG.warnf("%s: event %s from %s-%d@%d failed (%s); retrying in %d ms", consumer, eventId, record.topic(),
                            record.partition(), record.offset(), e, backoff.toMillis());
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            if (firstFailure != 0) {
                retrying.remove(slot);
            }
        }
    }

    /**
     * {@code orchestra_consumer_retrying_seconds}: how long the record this consumer has been retrying
     * longest has been failing (0 when none is), so that a stuck partition shows before it is reported.
     */
    private void gaugeRetries(String consumer) {
        if (gauged.add(consumer)) {
            Gauge.builder("orchestra.consumer.retrying.seconds", retrying, slots -> slots.values().stream()
                            .filter(r -> r.consumer().equals(consumer))
                            .mapToLong(r -> System.nanoTime() - r.sinceNanos()).max().orElse(0) / 1e9)
                    .tag("consumer", consumer).register(metrics);
        }
    }

    /** Counted per consumer and topic ({@code orchestra_consumer_dead_letters_total}); the channel sends it on. */
    private UnprocessableEventException deadLetter(String consumer, ConsumerRecord<String, byte[]> record,
                                                   UnprocessableEventException e) {
        LOG.errorf("%s: %s-%d@%d can never be processed (%s): to the dead-letter topic", consumer, record.topic(),
                record.partition(), record.offset(), e.getMessage());
        metrics.counter("orchestra.consumer.dead.letters", "consumer", consumer, "topic", record.topic()).increment();
        return e;
    }

    private static <T extends Message> T decode(ConsumerRecord<String, byte[]> record, Parser<T> parser) {
        if (record.value() == null) {
            throw new UnprocessableEventException("empty record");
        }
        try {
            T envelope = parser.parseFrom(record.value());
            EventCodec.eventId(envelope);
            EventCodec.userId(envelope);
            if (!EventCodec.hasKind(envelope)) {
                if (envelope.getUnknownFields().asMap().isEmpty()) {
                    throw new UnprocessableEventException("an envelope without a kind");
                }
                return null;
            }
            return envelope;
        } catch (InvalidProtocolBufferException e) {
            throw new UnprocessableEventException("undecodable envelope: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("invalid envelope: " + e.getMessage(), e);
        }
    }

    private static UnprocessableEventException causeOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnprocessableEventException unprocessable) {
                return unprocessable;
            }
        }
        return null;
    }

    /**
     * Waits out a backoff. An interrupt (the application stopping) does not end the wait early with
     * an exception: that would dead-letter a record whose only fault is an outage. The record stays
     * unacknowledged and is delivered again after the restart.
     */
    private static void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
            try {
                Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
