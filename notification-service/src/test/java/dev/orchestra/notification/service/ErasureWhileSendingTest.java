package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.notification.client.SmtpClient;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.Profiles;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.SmtpWarmUp;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.platform.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The erasure itself, without platform's revocation consumer marking the user deleted first (through
 * Kafka that marker usually commits before the erasure and the senders' re-check sees it): here the
 * erasure runs alone, while one of the user's mails is being sent (a stalled server). The senders run
 * and sweep hourly; the test wakes them when it wants them to look.
 */
@QuarkusTest
@TestProfile(Profiles.HourlySweep.class)
class ErasureWhileSendingTest extends NotificationTest {

    @Inject
    TokenMails tokenMails;

    @Inject
    UserDirectory users;

    @Inject
    SenderSignal senders;

    @Inject
    SmtpClient smtp;

    @Test
    void theErasureWaitsForTheSendInFlightAndNoSenderTakesTheUsersOtherMailsMeanwhile() throws Exception {
        SmtpWarmUp.warmUp(smtp);
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        Delivery waiting;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestSmtp.Stall slow = TestSmtp.stall(email)) {
            UUID inFlight = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> tokenMails.passwordResetRequested(inFlight, user, email, "Ada", "in-flight",
                    Instant.now().plus(Duration.ofHours(1))));
            slow.awaitHeld();
            // Another of the user's mails, waiting for its next attempt an hour from now.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            waiting = new Delivery(UUID.randomUUID(), UUID.randomUUID(), MailKind.PASSWORD_RESET, user, email, "Ada", "waiting",
                    now.plus(Duration.ofHours(3)), Map.of(), DeliveryStatus.PENDING, 0, "earlier trouble", now.plus(Duration.ofHours(1)),
                    now.plus(Duration.ofHours(24)), now, now, null);
            assertThat(deliveries.insertIfAbsent(waiting)).isTrue();

            Future<?> erasure = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> users.userDeleted(user, Instant.now())));
            // The erasure is blocked on the row being sent ...
            await().atMost(PATIENCE).until(() -> TestDatabase.count(dataSource, "pg_stat_activity where wait_event_type = 'Lock' "
                    + "and query like 'delete from deliveries%'") >= 1);
            assertThat(erasure.isDone()).isFalse();
            // ... while the user's other mail falls due and a free sender looks for work: it must not take it.
            clock.advance(Duration.ofHours(2));
            senders.wake();
            await().pollDelay(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> true);
            assertThat(erasure.isDone()).isFalse();
            slow.release();
            erasure.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliveries.findByUser(user)).isEmpty();
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::text).singleElement().asString().contains("in-flight");

        // Woken again, the senders find nothing of the user's.
        senders.wake();
        String other = Events.newEmail();
        UUID later = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> tokenMails.passwordResetRequested(later, UUID.randomUUID(), other, "Bob", "t",
                clock.instant().plus(Duration.ofHours(4))));
        await().atMost(PATIENCE).until(() -> TestSmtp.mailsTo(other).size() == 1);
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
    }
}
