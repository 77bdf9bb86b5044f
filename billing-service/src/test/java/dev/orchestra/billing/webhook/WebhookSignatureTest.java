package dev.orchestra.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.stripelocal.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only what Stripe signed, recently, gets in: everything else is a 400 in the envelope with no effect. */
@QuarkusTest
class WebhookSignatureTest extends BillingTest {

    private Person ada;
    private String event;

    @BeforeEach
    void aRealEvent() {
        stripe.webhookUrl(null);
        ada = registered();
        Outcome paid = subscribe(ada);
        event = payload(eventOf(paid, "customer.subscription.updated"));
    }

    @Test
    void aMissingSignatureIsRefused() {
        refused(() -> deliver(event, null));
        refused(() -> deliver(event, ""));
    }

    @Test
    void anotherSecretOrAnotherBodyIsRefused() {
        refused(() -> deliver(event, signature(event, Instant.now(), "whsec_not_the_secret")));
        refused(() -> deliver(event.replace("\"active\"", "\"canceled\""), signature(event, Instant.now())));
        refused(() -> deliver(event, "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64)));
        refused(() -> deliver(event, "garbage"));
    }

    @Test
    void aStaleSignatureIsRefusedAndAFreshOneWithinTheToleranceIsNot() {
        refused(() -> deliver(event, signature(event, Instant.now().minus(Duration.ofSeconds(301)))));
        assertThat(count("stripe_events")).isZero();
        deliver(event, signature(event, Instant.now().minus(Duration.ofSeconds(240)))).statusCode(200)
                .body("data.outcome", equalTo("stored"));
        assertThat(count("stripe_events")).isEqualTo(1);
    }

    @Test
    void anUnsignedBodyIsRefusedWhateverItHolds() {
        // Checked before anything reads the body: not a 422 for the NUL, a 400 for the signature.
        refused(() -> deliver("{\"id\":\"evt_1\",\"name\":\"a\\u0000b\"}", null));
        refused(() -> deliver("   ", null));
        refused(() -> deliver("[1,2", "t=1,v1=abc"));
    }

    @Test
    void aSignedEventOfATypeNotHandledIsAnswered200AndIgnored() {
        String created = payload(stripeEvents().stream().filter(e -> e.type().equals("invoice.created")).findFirst().orElseThrow().id());
        double before = metric("orchestra_billing_webhooks_received_total", "outcome=\"not_handled\"");
        deliver(created).statusCode(200).body("data.outcome", equalTo("not_handled"));
        assertThat(count("stripe_events")).isZero();
        assertThat(metric("orchestra_billing_webhooks_received_total", "outcome=\"not_handled\"") - before).isEqualTo(1);
    }

    @Test
    void aSignedEventWithoutItsObjectIsA400ValidationErrorWithNoEffect() {
        long created = Instant.now().getEpochSecond();
        String head = "{\"id\":\"evt_1TestNoData" + created + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
                + "\"created\":" + created + ",\"livemode\":false,\"type\":\"customer.subscription.updated\"";
        double before = metric("orchestra_billing_webhooks_received_total", "outcome=\"malformed\"");
        // Signed with the right secret, so not a forgery; but no data, or data without its object.
        deliver(head + "}").statusCode(400).body("error", equalTo("validation_error")).body("message", notNullValue())
                .body("details.data", notNullValue());
        deliver(head + ",\"data\":{}}").statusCode(400).body("error", equalTo("validation_error"))
                .body("details.'data.object'", notNullValue());
        deliver(head + ",\"data\":{\"object\":null}}").statusCode(400).body("details.'data.object'", notNullValue());
        assertThat(metric("orchestra_billing_webhooks_received_total", "outcome=\"malformed\"") - before).isEqualTo(3);
        assertThat(count("stripe_events")).isZero();
        assertThat(count("outbox")).isZero();
    }

    /** The delivery is refused with the envelope's 400, counted once, and has no effect. */
    private void refused(Supplier<ValidatableResponse> delivery) {
        double before = metric("orchestra_billing_webhooks_received_total", "outcome=\"bad_signature\"");
        delivery.get().statusCode(400).body("error", equalTo("validation_error")).body("message", notNullValue())
                .body("details.stripe_signature", notNullValue());
        assertThat(count("stripe_events")).isZero();
        assertThat(count("accounts")).isZero();
        assertThat(count("outbox")).isZero();
        assertThat(metric("orchestra_billing_webhooks_received_total", "outcome=\"bad_signature\"") - before).isEqualTo(1);
    }
}
