package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.Profiles;
import dev.orchestra.notification.support.SmtpWarmUp;
import dev.orchestra.notification.support.TestSmtp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The senders are woken by the commit that gives them work: here they sweep only once an hour
 * ({@link Profiles.HourlySweep}), and no other module's events reach this service, so a mail that goes
 * out within seconds went out because a commit woke them.
 */
@QuarkusTest
@TestProfile(Profiles.HourlySweep.class)
class SenderWakeTest extends NotificationTest {

    /** Far less than the hour between sweeps. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    @Inject
    TokenMails tokenMails;

    @Inject
    BillingMails billingMails;

    @Inject
    UserDirectory users;

    @Inject
    dev.orchestra.notification.client.SmtpClient smtp;

    @org.junit.jupiter.api.BeforeEach
    void workingConnection() {
        SmtpWarmUp.warmUp(smtp);
    }

    @Test
    void theCommitThatRecordsAMailWakesTheSenders() {
        UUID event = UUID.randomUUID();
        String email = Events.newEmail();
        QuarkusTransaction.requiringNew().run(() -> {
            tokenMails.passwordResetRequested(event, UUID.randomUUID(), email, "Ada", "t", Instant.now().plus(Duration.ofHours(1)));
            // Not before the commit.
            await().pollDelay(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> true);
            assertThat(TestSmtp.mailsTo(email)).isEmpty();
        });
        await().atMost(PROMPTLY).until(() -> TestSmtp.mailsTo(email).size() == 1);
        assertThat(deliveries.findByEvent(event)).extracting(Delivery::status).containsExactly(DeliveryStatus.SENT);
    }

    @Test
    void theAddressArrivingWakesTheSendersForTheMailsThatWaitedForIt() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        UUID event = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> billingMails.paymentFailed(event, user, "in_1", 500, "usd", null, ""));
        Delivery waiting = await().atMost(PROMPTLY).until(() -> single(event), d -> d.attempts() == 1);
        assertThat(waiting.lastError()).contains("no address known");
        // Due again a second later, but nothing sweeps for an hour: it waits.
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> single(event).attempts() == 1);

        QuarkusTransaction.requiringNew().run(() -> users.userChanged(new Recipient(user, email, "Late Comer", 1)));
        await().atMost(PROMPTLY).until(() -> TestSmtp.mailsTo(email).size() == 1);
        assertThat(single(event).status()).isEqualTo(DeliveryStatus.SENT);
    }

    private Delivery single(UUID event) {
        List<Delivery> rows = deliveries.findByEvent(event);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
