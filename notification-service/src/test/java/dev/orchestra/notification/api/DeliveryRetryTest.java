package dev.orchestra.notification.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SMTP server away, with the sender threads running: deliveries wait and are retried (the test
 * profile retries every second), each mail arrives once when it is back; after the 24 h window a
 * delivery is failed by its last attempt, and a token mail stops at its token's expiry (the clock is
 * moved to get there). Each attempt and wait of the shipped schedule, driven by hand, is
 * {@code DeliverySenderTest}'s.
 */
@QuarkusTest
class DeliveryRetryTest extends NotificationTest {

    @Test
    void duringAnOutageMailsWaitAndEachArrivesOnceWhenTheServerIsBack() {
        UUID payer = UUID.randomUUID();
        String payerEmail = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(payer, payerEmail, "Payer"))));
        String welcomeEmail = Events.newEmail();
        String resetEmail = Events.newEmail();

        TestSmtp.stopServer();
        TokenEnvelope welcome = Events.publish(Events.welcome(UUID.randomUUID(), welcomeEmail, "Ada", "w", Instant.now().plus(Duration.ofHours(24))));
        TokenEnvelope reset = Events.publish(Events.reset(UUID.randomUUID(), resetEmail, "Bob", "r", Instant.now().plus(Duration.ofHours(1))));
        SubscriptionEnvelope failed = Events.publish(Events.paymentFailed(payer, 990, "usd", null, ""));
        for (var event : new UUID[] {Events.eventId(welcome), Events.eventId(reset), Events.eventId(failed)}) {
            Delivery waiting = awaitDelivery(event, d -> d.attempts() >= 2);
            assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(waiting.lastError()).isNotBlank();
            assertThat(waiting.nextAttemptAt()).isNotNull();
        }

        TestSmtp.ensureRunning();
        awaitStatus(Events.eventId(welcome), DeliveryStatus.SENT);
        awaitStatus(Events.eventId(reset), DeliveryStatus.SENT);
        awaitStatus(Events.eventId(failed), DeliveryStatus.SENT);
        // Sent is final: no further mail can come for these deliveries.
        assertThat(TestSmtp.mailsTo(welcomeEmail)).hasSize(1);
        assertThat(TestSmtp.mailsTo(resetEmail)).hasSize(1);
        assertThat(TestSmtp.mailsTo(payerEmail)).extracting(ReceivedMail::subject).containsExactly("Your Orchestra payment failed");
    }

    @Test
    void aDeliveryIsFailedAfterTheLastAttemptOfTheWindow() {
        UUID payer = UUID.randomUUID();
        String email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(payer, email, "Payer"))));

        TestSmtp.stopServer();
        SubscriptionEnvelope event = Events.publish(Events.paymentFailed(payer, 990, "usd", null, ""));
        Delivery retrying = awaitDelivery(Events.eventId(event), d -> d.attempts() >= 1);
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.giveUpAt()).isEqualTo(retrying.createdAt().plus(Duration.ofHours(24)));

        clock.advance(Duration.ofHours(24));
        Delivery failed = awaitStatus(Events.eventId(event), DeliveryStatus.FAILED);
        // Due past the end of the window, it got its last attempt, which failed too: failed by that attempt.
        assertThat(failed.attempts()).isGreaterThan(retrying.attempts());
        assertThat(failed.updatedAt()).isAfterOrEqualTo(failed.giveUpAt());
        assertThat(failed.lastError()).isNotBlank();
        assertThat(failed.nextAttemptAt()).isNull();

        TestSmtp.ensureRunning();
        // A later mail to the same user goes out; the failed one never does.
        SubscriptionEnvelope later = Events.publish(Events.paymentFailed(payer, 991, "usd", null, ""));
        awaitStatus(Events.eventId(later), DeliveryStatus.SENT);
        assertThat(deliveries.findByEvent(Events.eventId(event)).get(0).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
        assertThat(TestSmtp.mailsTo(email).get(0).text()).contains("9.91 USD");
    }

    @Test
    void aTokenMailStopsAtItsTokensExpiry() {
        String email = Events.newEmail();
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

        TestSmtp.stopServer();
        TokenEnvelope event = Events.publish(Events.reset(UUID.randomUUID(), email, "Ada", "short-lived", expiresAt));
        Delivery retrying = awaitDelivery(Events.eventId(event), d -> d.attempts() >= 1);
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.giveUpAt()).isAfter(expiresAt);

        clock.advance(Duration.ofMinutes(61));
        Delivery expired = awaitStatus(Events.eventId(event), DeliveryStatus.EXPIRED);
        assertThat(expired.token()).as("a dead token is not kept").isNull();
        assertThat(expired.nextAttemptAt()).isNull();
        assertThat(expired.lastError()).as("why it was not sent while it could be").isNotBlank();
        assertThat(expired.updatedAt()).isAfterOrEqualTo(expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        TestSmtp.ensureRunning();
        String other = Events.newEmail();
        TokenEnvelope later = Events.publish(Events.reset(UUID.randomUUID(), other, "Bob", "t", Instant.now().plus(Duration.ofHours(3))));
        awaitStatus(Events.eventId(later), DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }
}
