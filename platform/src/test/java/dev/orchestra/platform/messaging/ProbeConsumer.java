package dev.orchestra.platform.messaging;

import dev.orchestra.proto.events.v1.UserEnvelope;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer as a service writes one: hand the record to EventConsumer with the effect. */
@ApplicationScoped
public class ProbeConsumer {

    private final EventConsumer consumer;
    private final AgroalDataSource dataSource;

    public ProbeConsumer(EventConsumer consumer, AgroalDataSource dataSource) {
        this.consumer = consumer;
        this.dataSource = dataSource;
    }

    @Incoming("probe")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, UserEnvelope.parser(), this::apply);
    }

    /** While set, the probe refuses users named refused-until-fixed (a bug, later fixed). */
    public static final java.util.concurrent.atomic.AtomicBoolean REFUSING = new java.util.concurrent.atomic.AtomicBoolean();

    /** Attempts at the effect, retries included, for the tests to watch. */
    public static final java.util.concurrent.atomic.AtomicInteger ATTEMPTS = new java.util.concurrent.atomic.AtomicInteger();

    /** While set, the next effect of a user named slow-once outlives the transaction timeout (5 s in the tests). */
    public static final java.util.concurrent.atomic.AtomicBoolean SLOW_ONCE = new java.util.concurrent.atomic.AtomicBoolean();

    private void apply(UserEnvelope event) {
        ATTEMPTS.incrementAndGet();
        String name = event.getUserRegistered().getUser().getName();
        if (name.equals("slow-once") && SLOW_ONCE.getAndSet(false)) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement sleep = connection.prepareStatement("select pg_sleep(7)")) {
                sleep.execute();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (name.equals("refused-until-fixed") && REFUSING.get()) {
            throw new UnprocessableEventException("the probe refuses this user until it is fixed");
        }
        if (name.equals("bug")) {
            throw new NullPointerException("a bug in the effect");
        }
        if (name.equals("invalid")) {
            throw new UnprocessableEventException("the probe refuses users named invalid");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into probe_effects (event_id, user_id, name) values (?::uuid, ?::uuid, ?)")) {
            insert.setString(1, event.getEventId());
            insert.setString(2, event.getUserId());
            insert.setString(3, name);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
