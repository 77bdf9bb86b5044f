package dev.orchestra.platform.inbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    private final AgroalDataSource dataSource;

    public Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the event for this consumer in the current transaction: true the first time, false
     * when it was processed already. A concurrent claim of the same event waits for this
     * transaction and then sees it claimed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String consumer, UUID eventId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing")) {
            insert.setString(1, consumer);
            insert.setObject(2, eventId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the event in the inbox", e);
        }
    }

    /** Entries older than 30 days are forgotten: redeliveries come within hours, not months. */
    @Scheduled(cron = "{orchestra.inbox.prune-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void prune() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from processed_events where processed_at < now() - interval '30 days'")) {
            int pruned = delete.executeUpdate();
            LOG.infof("inbox: pruned %d entries older than 30 days", pruned);
        } catch (SQLException e) {
            LOG.warn("inbox pruning failed; it runs again tomorrow", e);
        }
    }
}
