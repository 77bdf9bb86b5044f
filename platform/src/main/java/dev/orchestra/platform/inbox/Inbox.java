package dev.orchestra.platform.inbox;

import dev.orchestra.platform.persistence.DataAccessException;
import dev.orchestra.platform.persistence.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * "Effectively once" for consumers (docs/architecture.md section 4): an event's effect and its
 * {@code processed_events} row commit in one transaction, and the row's primary key makes a second
 * delivery — concurrent or later — find the event already claimed.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final Sql sql;

    public Inbox(Sql sql) {
        this.sql = sql;
    }

    /**
     * Claims the event for this consumer in the current transaction: true the first time, false
     * when it was processed already. A concurrent claim of the same event waits for this
     * transaction and then sees it claimed. A failure leaves as {@link DataAccessException}, whose
     * SQL state tells the consumer an outage from a bug.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String consumer, UUID eventId) {
        return sql.execute("insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing",
                consumer, eventId) == 1;
    }

    /** Entries older than 30 days are forgotten: redeliveries come within hours, not months. */
    @Scheduled(cron = "{orchestra.inbox.prune-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void prune() {
        try {
            int pruned = sql.execute("delete from processed_events where processed_at < now() - interval '30 days'");
            LOG.infof("inbox: pruned %d entries older than 30 days", pruned);
        } catch (DataAccessException e) {
            LOG.warn("inbox pruning failed; it runs again tomorrow", e);
        }
    }
}
