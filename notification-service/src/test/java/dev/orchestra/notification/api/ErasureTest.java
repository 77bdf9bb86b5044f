package dev.orchestra.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.service.SenderSignal;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** UserDeleted erases the user's address, choices and deliveries here; nothing is sent to them afterwards. */
@QuarkusTest
class ErasureTest extends NotificationTest {

    @Inject
    Revocations revocations;

    @Inject
    SenderSignal senders;

    @Test
    void userDeletedErasesEverythingAndNothingIsSentAfterwards() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Ada"))));
        awaitProcessed(Events.eventId(Events.publish(Events.subscription(user, "pro", false, Instant.parse("2030-01-01T00:00:00Z"), 1))));
        given().auth().oauth2(Tokens.forUser(user).sign()).contentType(ContentType.JSON).body("{\"product_updates\": false}")
                .put("/api/v1/notifications/preferences").then().statusCode(200);

        TestSmtp.stopServer();
        TokenEnvelope reset = Events.publish(Events.reset(user, email, "Ada", "t", Instant.now().plus(Duration.ofHours(1))));
        SubscriptionEnvelope failed = Events.publish(Events.paymentFailed(user, 100, "eur", null, ""));
        awaitDelivery(Events.eventId(reset), d -> d.attempts() >= 1);
        awaitDelivery(Events.eventId(failed), d -> d.attempts() >= 1);
        // The confirmation (sent or not) and the two mails waiting for the server.
        assertThat(deliveries.findByUser(user)).extracting(Delivery::kind).containsExactlyInAnyOrder(
                MailKind.SUBSCRIPTION_CONFIRMED, MailKind.PASSWORD_RESET, MailKind.PAYMENT_FAILED);
        assertThat(deliveries.findByEvent(Events.eventId(reset)).get(0).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(deliveries.findByEvent(Events.eventId(failed)).get(0).status()).isEqualTo(DeliveryStatus.PENDING);

        TestDatabase.parkFailedEvent(dataSource, user);
        awaitProcessed(Events.eventId(Events.publish(Events.deleted(user))));
        assertThat(TestDatabase.count(dataSource, "outbox_failed where record_key = '" + user + "'")).isZero();
        assertThat(deliveries.findByUser(user)).isEmpty();
        assertThat(TestDatabase.count(dataSource, "recipients where user_id = '" + user + "'")).isZero();
        assertThat(TestDatabase.count(dataSource, "preferences where user_id = '" + user + "'")).isZero();
        assertThat(TestDatabase.count(dataSource, "subscriptions where user_id = '" + user + "'")).isZero();
        assertThat(revocations.isDeleted(user)).isTrue();

        // Later events about the user are dropped: no delivery, no address kept.
        TokenEnvelope late = Events.publish(Events.resend(user, email, "Ada", "late", Instant.now().plus(Duration.ofHours(1))));
        var lateUpdate = Events.publish(Events.updated(user, email, "Ada", 2));
        awaitProcessed(Events.eventId(late));
        awaitProcessed(Events.eventId(lateUpdate));
        assertThat(deliveries.findByUser(user)).isEmpty();
        assertThat(TestDatabase.count(dataSource, "recipients where user_id = '" + user + "'")).isZero();

        // The server is back and sends other people's mail; nothing exists that could reach this user.
        TestSmtp.ensureRunning();
        String other = Events.newEmail();
        TokenEnvelope someoneElse = Events.publish(Events.reset(UUID.randomUUID(), other, "Bob", "t", Instant.now().plus(Duration.ofHours(1))));
        awaitStatus(Events.eventId(someoneElse), DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }

    @Test
    void anErasureThatArrivesMidSendWaitsForItAndNothingElseIsSentAfterwards() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        UserEnvelope deleted;
        Delivery waiting;
        // The user's partition of auth.users.v1 is read up to here: the UserDeleted below comes next.
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Ada"))));
        try (TestSmtp.Stall slow = TestSmtp.stall(email)) {
            TokenEnvelope inFlight = Events.publish(Events.reset(user, email, "Ada", "in-flight", Instant.now().plus(Duration.ofHours(1))));
            slow.awaitHeld();
            // Another of the user's mails, waiting for its next attempt an hour from now.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            waiting = new Delivery(UUID.randomUUID(), UUID.randomUUID(), MailKind.PASSWORD_RESET, user, email, "Ada", "waiting",
                    now.plus(Duration.ofHours(3)), Map.of(), DeliveryStatus.PENDING, 0, "earlier trouble", now.plus(Duration.ofHours(1)),
                    now.plus(Duration.ofHours(24)), now, now, null);
            assertThat(deliveries.insertIfAbsent(waiting)).isTrue();

            deleted = Events.publish(Events.deleted(user));
            // The erasure waits for the send in flight: its DELETE is blocked on the row being sent ...
            await().atMost(PATIENCE).until(() -> TestDatabase.count(dataSource, "pg_stat_activity where wait_event_type = 'Lock' "
                    + "and query like 'delete from deliveries%'") >= 1);
            assertThat(TestDatabase.count(dataSource, "processed_events where consumer = 'notification-service' and event_id = '"
                    + Events.eventId(deleted) + "'")).as("the erasure has not committed").isZero();
            // ... and meanwhile the other mail becomes due: no sender may take it (the erasure holds it already).
            clock.advance(Duration.ofHours(2));
            await().pollDelay(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> true);
            slow.release();
            awaitProcessed(Events.eventId(deleted));
            assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::text).singleElement().asString().contains("in-flight");
        }
        assertThat(deliveries.findByUser(user)).isEmpty();
        assertThat(deliveries.find(waiting.id())).isEmpty();

        // Someone else's mail goes out after it; still nothing more for this user.
        String other = Events.newEmail();
        TokenEnvelope later = Events.publish(Events.reset(UUID.randomUUID(), other, "Bob", "t", Instant.now().plus(Duration.ofHours(4))));
        awaitStatus(Events.eventId(later), DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
        assertThat(deliveries.findByUser(user)).isEmpty();
    }

    @Test
    void theSenderChecksForDeletionBeforeEachMail() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        revocations.markDeleted(user, Instant.now());
        // As if recorded by a consumer that committed just before the erasure saw it.
        Instant now = Instant.now();
        Delivery orphan = Delivery.pending(UUID.randomUUID(), UUID.randomUUID(), MailKind.PASSWORD_RESET, user, email, "Ada", "t",
                now.plus(Duration.ofHours(1)), Map.of(), now, now.plus(Duration.ofHours(24)));
        assertThat(deliveries.insertIfAbsent(orphan)).isTrue();
        senders.wake();

        await().atMost(PATIENCE).until(() -> deliveries.find(orphan.id()).isEmpty());
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }
}
