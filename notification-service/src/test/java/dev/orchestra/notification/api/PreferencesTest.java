package dev.orchestra.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET/PUT /api/v1/notifications/preferences, and what billing_receipts governs. */
@QuarkusTest
class PreferencesTest extends NotificationTest {

    private static final String PATH = "/api/v1/notifications/preferences";

    @Test
    void bothChoicesAreOnByDefault() {
        get(Tokens.anyUser()).statusCode(200)
                .body("data.product_updates", equalTo(true))
                .body("data.billing_receipts", equalTo(true));
    }

    @Test
    void aPutChangesOnlyTheFieldsItCarries() {
        String token = Tokens.forUser(UUID.randomUUID()).sign();
        put(token, "{\"billing_receipts\": false}").statusCode(200)
                .body("data.product_updates", equalTo(true))
                .body("data.billing_receipts", equalTo(false));
        put(token, "{\"product_updates\": false}").statusCode(200)
                .body("data.product_updates", equalTo(false))
                .body("data.billing_receipts", equalTo(false));
        put(token, "{}").statusCode(200)
                .body("data.product_updates", equalTo(false))
                .body("data.billing_receipts", equalTo(false));
        put(token, "{\"billing_receipts\": true, \"unknown\": 1}").statusCode(200)
                .body("data.product_updates", equalTo(false))
                .body("data.billing_receipts", equalTo(true));
        get(token).statusCode(200)
                .body("data.product_updates", equalTo(false))
                .body("data.billing_receipts", equalTo(true));
        // Each user has their own.
        get(Tokens.anyUser()).statusCode(200).body("data.product_updates", equalTo(true));
    }

    @Test
    void aBodyOver16KibibytesIsRefusedBeforeItIsRead() {
        String token = Tokens.forUser(UUID.randomUUID()).sign();
        put(token, "{\"product_updates\": false, \"padding\": \"" + "x".repeat(17 * 1024) + "\"}").statusCode(413)
                .body("error", equalTo("payload_too_large"));
        get(token).statusCode(200).body("data.product_updates", equalTo(true));
    }

    @Test
    void aNonBooleanIsA422NamingTheFieldAndChangesNothing() {
        String token = Tokens.forUser(UUID.randomUUID()).sign();
        refused(put(token, "{\"billing_receipts\": \"no\"}"), "billing_receipts");
        refused(put(token, "{\"product_updates\": 0}"), "product_updates");
        refused(put(token, "{\"product_updates\": null}"), "product_updates");
        refused(put(token, "{\"billing_receipts\": {\"value\": false}}"), "billing_receipts");
        refused(put(token, "[]"), "body");
        put(token, "").statusCode(422).body("error", equalTo("validation_error"));
        put(token, "{\"billing_receipts\": fals").statusCode(422).body("error", equalTo("validation_error"));
        // Both wrong: one answer names both, whatever else is right.
        put(token, "{\"product_updates\": \"yes\", \"billing_receipts\": null}").statusCode(422)
                .body("details.product_updates", equalTo("Expected true or false"))
                .body("details.billing_receipts", equalTo("Expected true or false"))
                .body("details.size()", equalTo(2));
        put(token, "{\"product_updates\": false, \"billing_receipts\": 1}").statusCode(422)
                .body("details.billing_receipts", equalTo("Expected true or false")).body("details.size()", equalTo(1));
        refused(put(token, "null"), "body");
        get(token).statusCode(200)
                .body("data.product_updates", equalTo(true))
                .body("data.billing_receipts", equalTo(true));
    }

    @Test
    void billingReceiptsOffSuppressesSubscriptionNoticesButNotTransactionalMails() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Ada"))));
        put(Tokens.forUser(user).sign(), "{\"billing_receipts\": false}").statusCode(200);

        SubscriptionEnvelope subscribed = Events.publish(Events.subscription(user, "pro", false, Instant.parse("2030-12-25T00:00:00Z"), 1));
        SubscriptionEnvelope cancelled = Events.publish(Events.subscription(user, "pro", true, Instant.parse("2030-12-25T00:00:00Z"), 2));
        SubscriptionEnvelope failed = Events.publish(Events.paymentFailed(user, 1999, "eur", null, ""));
        var reset = Events.publish(Events.reset(user, email, "Ada", "t0k3n", Instant.now().plus(Duration.ofHours(1))));

        awaitStatus(Events.eventId(failed), DeliveryStatus.SENT);
        awaitStatus(Events.eventId(reset), DeliveryStatus.SENT);
        awaitProcessed(Events.eventId(subscribed));
        awaitProcessed(Events.eventId(cancelled));
        assertThat(deliveries.findByEvent(Events.eventId(subscribed))).isEmpty();
        assertThat(deliveries.findByEvent(Events.eventId(cancelled))).isEmpty();
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject)
                .containsExactlyInAnyOrder("Your Orchestra payment failed", "Reset your Orchestra password");

        // Turned on again, the next transition mails.
        put(Tokens.forUser(user).sign(), "{\"billing_receipts\": true}").statusCode(200);
        SubscriptionEnvelope ended = Events.publish(Events.subscription(user, "free", false, Instant.parse("2030-12-25T00:00:00Z"), 3));
        awaitStatus(Events.eventId(ended), DeliveryStatus.SENT);
    }

    @Test
    void withEveryChoiceOffTheTransactionalMailsAreStillSent() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Ada"))));
        put(Tokens.forUser(user).sign(), "{\"billing_receipts\": false, \"product_updates\": false}").statusCode(200);
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
        var welcome = Events.publish(Events.welcome(user, email, "Ada", "w3lc0me", expiresAt));
        var resend = Events.publish(Events.resend(user, email, "Ada", "r3s3nd", expiresAt));
        var reset = Events.publish(Events.reset(user, email, "Ada", "r3s3t", expiresAt));
        SubscriptionEnvelope failed = Events.publish(Events.paymentFailed(user, 1999, "eur", null, ""));
        for (UUID event : new UUID[] {Events.eventId(welcome), Events.eventId(resend), Events.eventId(reset), Events.eventId(failed)}) {
            awaitStatus(event, DeliveryStatus.SENT);
        }
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject).containsExactlyInAnyOrder(
                "Welcome to Orchestra: please confirm your e-mail address", "Confirm your e-mail address",
                "Reset your Orchestra password", "Your Orchestra payment failed");
    }

    @Test
    void billingReceiptsOffSuppressesTheBackToFreeNotice() {
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Ada"))));
        SubscriptionEnvelope subscribed = Events.publish(Events.subscription(user, "pro", false, Instant.parse("2030-12-25T00:00:00Z"), 1));
        awaitStatus(Events.eventId(subscribed), DeliveryStatus.SENT);
        put(Tokens.forUser(user).sign(), "{\"billing_receipts\": false}").statusCode(200);

        SubscriptionEnvelope ended = Events.publish(Events.subscription(user, "free", false, Instant.parse("2030-12-25T00:00:00Z"), 2));
        SubscriptionEnvelope failed = Events.publish(Events.paymentFailed(user, 500, "eur", null, ""));
        awaitProcessed(Events.eventId(ended));
        awaitStatus(Events.eventId(failed), DeliveryStatus.SENT);
        assertThat(deliveries.findByEvent(Events.eventId(ended))).isEmpty();
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject)
                .containsExactlyInAnyOrder("Your Orchestra subscription is active", "Your Orchestra payment failed");
    }

    @Test
    void withoutATokenIsA401() {
        given().get(PATH).then().statusCode(401).body("error", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).body("{}").put(PATH).then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    private static ValidatableResponse get(String token) {
        return given().auth().oauth2(token).get(PATH).then();
    }

    private static ValidatableResponse put(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(PATH).then();
    }

    private static void refused(ValidatableResponse response, String field) {
        response.statusCode(422).body("error", equalTo("validation_error")).body("details." + field, notNullValue());
    }
}
