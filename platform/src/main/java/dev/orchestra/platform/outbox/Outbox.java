package dev.orchestra.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.orchestra.platform.http.RequestIds;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.Topics;
import dev.orchestra.platform.persistence.AfterCommit;
import dev.orchestra.platform.persistence.DataAccessException;
import dev.orchestra.platform.persistence.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishing an event = writing it into this service's {@code outbox} table in the caller's
 * transaction (docs/architecture.md section 4). The state change and the event commit together or not at all;
 * {@link OutboxRelay} takes it to Kafka after the commit.
 *
 * <p>Call it after the write that locks the entity's row (a conditional UPDATE, an INSERT, or a
 * flush): the outbox id is taken at this call, and the row lock is what orders two transactions'
 * events about one entity.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into outbox (topic, record_key, headers, payload, request_id, expires_at) "
            + "values (?, ?, ?::jsonb, ?, ?, ?)";

    private final Sql sql;
    private final TransactionSynchronizationRegistry transactions;
    private final AfterCommit afterCommit;
    private final Topics topics;
    private final OutboxSignal signal;
    private final ObjectMapper json;
    private final String source;

    public Outbox(Sql sql, TransactionSynchronizationRegistry transactions, AfterCommit afterCommit, Topics topics,
                  OutboxSignal signal, ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.sql = sql;
        this.transactions = transactions;
        this.afterCommit = afterCommit;
        this.topics = topics;
        this.signal = signal;
        this.json = json;
        this.source = source;
    }

    /**
     * Adds the event to the current transaction, keyed by the envelope's user id.
     *
     * @param contractTopic the topic's name in the contract, {@code auth.users.v1}
     * @throws IllegalStateException outside a transaction: an event without its state change is the
     *     dual write the outbox exists to prevent
     */
    public void publish(String contractTopic, Message envelope) {
        publish(contractTopic, envelope, null);
    }

    /**
     * The same, for an event that carries a one-time secret valid until {@code secretExpiresAt}:
     * past that instant its row is deleted, published or not, from the outbox and from
     * {@code outbox_failed} alike (a token is kept nowhere longer than it works).
     */
    public void publish(String contractTopic, Message envelope, Instant secretExpiresAt) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("Outbox.publish needs an active transaction (the one of the state change)");
        }
        if (!envelope.hasField(envelope.getDescriptorForType().findFieldByName("occurred_at"))) {
            throw new IllegalArgumentException("an event envelope without occurred_at");
        }
        String headers;
        try {
            headers = json.writeValueAsString(EventCodec.headers(contractTopic, envelope, source));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            sql.update(INSERT, insert -> {
                insert.setString(1, topics.name(contractTopic));
                insert.setString(2, EventCodec.userId(envelope).toString());
                insert.setString(3, headers);
                insert.setBytes(4, envelope.toByteArray());
                insert.setString(5, RequestIds.current());
                insert.setTimestamp(6, Sql.timestamp(secretExpiresAt));
            });
        } catch (DataAccessException e) {
            throw new OutboxException("could not write the event into the outbox", e.getCause());
        }
        // The relay sends it at once rather than at its next poll.
        afterCommit.run(signal::wake);
    }

    /**
     * Erasure: deletes, in the current transaction, this user's events not yet published and those
     * the broker never accepted (every event is keyed by its user). Call it before publishing what
     * the erasure itself announces, which must still go out.
     *
     * @return the rows deleted
     */
    public int forgetUser(UUID userId) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("Outbox.forgetUser needs an active transaction (the one of the erasure)");
        }
        int deleted = 0;
        try {
            for (String table : new String[] {"outbox", "outbox_failed"}) {
                deleted += sql.execute("delete from " + table + " where record_key = ?", userId.toString());
            }
        } catch (DataAccessException e) {
            throw new OutboxException("could not delete the user's events from the outbox", e.getCause());
        }
        return deleted;
    }

    /** Events whose one-time secret has expired are worth nothing: deleted from both tables. */
    @Scheduled(every = "{orchestra.outbox.prune-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void pruneExpired() {
        for (String table : new String[] {"outbox", "outbox_failed"}) {
            sql.execute("delete from " + table + " where expires_at < now()");
        }
    }
}
