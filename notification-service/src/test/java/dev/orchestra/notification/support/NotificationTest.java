package dev.orchestra.notification.support;

import static org.awaitility.Awaitility.await;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.repository.DeliveryRepository;
import dev.orchestra.platform.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the service's tests share: an empty schema before each test, the SMTP server up and the clock
 * back to real time after it, and waits on the delivery log and the inbox. Waits are generous bounds
 * on an outcome, never assertions on timing.
 */
public abstract class NotificationTest {

    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    protected AgroalDataSource dataSource;

    @Inject
    protected TestClock clock;

    @Inject
    protected DeliveryRepository deliveries;

    @BeforeEach
    void startClean() {
        TestSmtp.ensureRunning();
        // TRUNCATE of every table can deadlock with a sender or consumer transaction still at work
        // (PostgreSQL then aborts one of them): until it goes through.
        org.awaitility.Awaitility.await("a clean database").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(200)).ignoreException(IllegalStateException.class).until(() -> {
                    TestDatabase.clean(dataSource);
                    return true;
                });
    }

    @AfterEach
    void restore() {
        clock.reset();
        TestSmtp.releaseAll();
        TestSmtp.ensureRunning();
    }

    /** Moves the service's clock forward to (at least) this instant. */
    protected void moveClockTo(Instant instant) {
        Duration ahead = Duration.between(clock.instant(), instant);
        if (!ahead.isNegative()) {
            clock.advance(ahead);
        }
    }

    /** Waits until this service's consumer has committed the event's effect (its inbox entry). */
    protected void awaitProcessed(UUID eventId) {
        await().atMost(PATIENCE).until(() -> TestDatabase.count(dataSource,
                "processed_events where consumer = 'notification-service' and event_id = '" + eventId + "'") == 1);
    }

    /** Waits for the event's single delivery to match, and returns it. */
    protected Delivery awaitDelivery(UUID eventId, Predicate<Delivery> match) {
        return await().atMost(PATIENCE).until(() -> {
            List<Delivery> rows = deliveries.findByEvent(eventId);
            return rows.size() == 1 && match.test(rows.get(0)) ? rows.get(0) : null;
        }, java.util.Objects::nonNull);
    }

    protected Delivery awaitStatus(UUID eventId, DeliveryStatus status) {
        return awaitDelivery(eventId, delivery -> delivery.status() == status);
    }

    /** Waits until exactly one mail reached the address, and returns it. */
    protected static ReceivedMail awaitMail(String address) {
        return awaitMails(address, 1).get(0);
    }

    protected static List<ReceivedMail> awaitMails(String address, int count) {
        return await().atMost(PATIENCE).until(() -> TestSmtp.mailsTo(address), mails -> mails.size() >= count);
    }
}
