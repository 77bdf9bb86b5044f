package dev.orchestra.notification.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** auth.tokens.v1 → the welcome, verification and reset mails, each with its link. */
@QuarkusTest
class TokenMailTest extends NotificationTest {

    /** A token with characters that must be URL-encoded in the link. */
    private static final String TOKEN = "tok+/=en 1";
    private static final String ENCODED = "tok%2B%2F%3Den+1";

    @Test
    void registrationSendsTheWelcomeMailWithTheVerificationLink() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        Instant expiresAt = Instant.parse("2030-01-02T03:04:05Z");
        TokenEnvelope event = Events.publish(Events.welcome(user, email, "Ada Lovelace", TOKEN, expiresAt));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.to()).containsExactly(email);
        assertThat(mail.from()).isEqualTo("no-reply@orchestra.dev");
        assertThat(mail.subject()).isEqualTo("Welcome to Orchestra: please confirm your e-mail address");
        String link = "https://app.orchestra.test/verify-email?token=" + ENCODED;
        assertThat(mail.text()).contains("Hi Ada Lovelace,").contains("Welcome to Orchestra").contains(link)
                .contains("2 January 2030, 03:04 UTC");
        assertThat(mail.html()).contains("<p>Hi Ada Lovelace,</p>").contains("href=\"" + link + "\"");
        assertThat(mail.headers()).contains("Auto-Submitted: auto-generated");

        Delivery delivery = awaitStatus(Events.eventId(event), DeliveryStatus.SENT);
        assertThat(delivery.kind()).isEqualTo(MailKind.WELCOME);
        assertThat(delivery.email()).isEqualTo(email);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.sentAt()).isNotNull();
        assertThat(delivery.token()).as("the token is forgotten once sent").isNull();
    }

    @Test
    void aResendSendsAVerificationMail() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        TokenEnvelope event = Events.publish(Events.resend(user, email, "Grace", TOKEN, Instant.now().plus(Duration.ofHours(24))));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Confirm your e-mail address");
        String link = "https://app.orchestra.test/verify-email?token=" + ENCODED;
        assertThat(mail.text()).contains("Hi Grace,").contains(link).doesNotContain("Welcome");
        assertThat(mail.html()).contains("href=\"" + link + "\"");
        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).kind()).isEqualTo(MailKind.VERIFY_EMAIL);
    }

    @Test
    void aPasswordResetSendsTheResetLink() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        TokenEnvelope event = Events.publish(Events.reset(user, email, "Linus", TOKEN, Instant.now().plus(Duration.ofHours(1))));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Reset your Orchestra password");
        String link = "https://app.orchestra.test/reset-password?token=" + ENCODED;
        assertThat(mail.text()).contains("Hi Linus,").contains(link);
        assertThat(mail.html()).contains("href=\"" + link + "\"");
        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).kind()).isEqualTo(MailKind.PASSWORD_RESET);
    }

    @Test
    void withoutANameTheGreetingDoesWithout() {
        String email = Events.newEmail();
        Events.publish(Events.reset(UUID.randomUUID(), email, "", TOKEN, Instant.now().plus(Duration.ofHours(1))));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.text()).startsWith("Hello,");
        assertThat(mail.html()).contains("<p>Hello,</p>");
    }

    @Test
    void theHtmlPartEscapesWhatTheEventCarries() {
        String email = Events.newEmail();
        String name = "<script>alert(1)</script> & \"x\"";
        Events.publish(Events.welcome(UUID.randomUUID(), email, name, "a\"><img src=x>", Instant.now().plus(Duration.ofHours(1))));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.html()).contains("Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;,")
                .doesNotContain("<script>").doesNotContain("<img");
        // The token reaches the link URL-encoded, so it cannot leave the attribute either.
        assertThat(mail.html()).contains("href=\"https://app.orchestra.test/verify-email?token=a%22%3E%3Cimg+src%3Dx%3E\"");
        assertThat(mail.text()).contains("Hi " + name + ",");
    }

    @Test
    void aRedeliveredEventSendsOneMail() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        TokenEnvelope welcome = Events.welcome(user, email, "Ada", TOKEN, Instant.now().plus(Duration.ofHours(24)));
        Events.publish(welcome);
        Events.publish(welcome);
        // Same user, same partition, after both copies: once it is sent, both copies were consumed.
        TokenEnvelope after = Events.publish(Events.resend(user, email, "Ada", "second", Instant.now().plus(Duration.ofHours(24))));
        awaitStatus(Events.eventId(after), DeliveryStatus.SENT);
        awaitStatus(Events.eventId(welcome), DeliveryStatus.SENT);

        assertThat(deliveries.findByEvent(Events.eventId(welcome))).hasSize(1);
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject).containsExactlyInAnyOrder(
                "Welcome to Orchestra: please confirm your e-mail address", "Confirm your e-mail address");
    }

    @Test
    void aTokenThatExpiredBeforeSendingIsNeverSent() {
        String email = Events.newEmail();
        TokenEnvelope event = Events.publish(Events.reset(UUID.randomUUID(), email, "Ada", TOKEN,
                Instant.now().minus(1, ChronoUnit.SECONDS)));

        Delivery delivery = awaitStatus(Events.eventId(event), DeliveryStatus.EXPIRED);
        assertThat(delivery.attempts()).isZero();
        assertThat(delivery.token()).isNull();
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }

    @Test
    void anAddressWithLettersBeyondAsciiThatAuthAcceptsIsMailed() {
        String email = "josé-" + UUID.randomUUID().toString().substring(0, 8) + "@exämple.de";
        TokenEnvelope event = Events.publish(Events.reset(UUID.randomUUID(), email, "José", TOKEN, Instant.now().plus(Duration.ofHours(1))));

        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).email()).isEqualTo(email);
        assertThat(awaitMail(email).text()).contains("Hi José,");
    }

    @Test
    void anAddressPlatformsRuleRefusesGoesToTheDeadLetterTopic() {
        // A right-to-left override makes "ad\u202Ema@example.com" read as "adam@example.com" reversed: the old, looser rule let it through.
        try (TopicRecorder dlq = TopicRecorder.of(KafkaTestSupport.bootstrapServers(), "test.auth.tokens.v1.notification-service.dlq")) {
            TokenEnvelope event = Events.publish(Events.welcome(UUID.randomUUID(), "ad\u202Ema@example.com", "Ada", TOKEN,
                    Instant.now().plus(Duration.ofHours(1))));
            dlq.awaitEvent(TokenEnvelope.parser(), published -> EventCodec.eventId(published.envelope()).equals(Events.eventId(event)));
            assertThat(deliveries.findByEvent(Events.eventId(event))).isEmpty();
        }
    }

    @Test
    void anEventWithoutAUsableAddressGoesToTheDeadLetterTopic() {
        try (TopicRecorder dlq = TopicRecorder.of(KafkaTestSupport.bootstrapServers(), "test.auth.tokens.v1.notification-service.dlq")) {
            TokenEnvelope event = Events.publish(Events.welcome(UUID.randomUUID(), "not an address", "Ada", TOKEN,
                    Instant.now().plus(Duration.ofHours(1))));
            dlq.awaitEvent(TokenEnvelope.parser(), published -> EventCodec.eventId(published.envelope()).equals(Events.eventId(event)));
            assertThat(deliveries.findByEvent(Events.eventId(event))).isEmpty();
        }
    }
}
