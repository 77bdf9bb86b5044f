package dev.orchestra.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerListParams;
import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.service.IdempotencyKeys;
import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.billing.support.LocalStripeResource;
import dev.orchestra.stripelocal.Outcome;
import dev.orchestra.stripelocal.ReceivedRequest;
import dev.orchestra.stripelocal.SentEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checkout and the portal as Stripe receives them, their refusals, and Stripe misbehaving. */
@QuarkusTest
class CheckoutTest extends BillingTest {

    @Inject
    StripeGateway gateway;

    @Test
    void checkoutMakesTheCustomerOnceAndASessionPerRequestAsStripeReceivesThem() throws Exception {
        Person ada = registered();
        String sessionId = checkout(ada.id(), "pro", "month").statusCode(201)
                .body("data.url", startsWith(stripe.baseUrl() + "/c/pay/"))
                .extract().path("data.session_id");
        assertThat(sessionId).startsWith("cs_test_");

        UUID customerAttempt = attempt(ada.id(), "customer");
        UUID checkoutAttempt = attempt(ada.id(), "checkout");
        String customerId = (String) rows("select stripe_customer_id from customers where user_id = ?", ada.id()).get(0)
                .get("stripe_customer_id");

        List<ReceivedRequest> posts = posts();
        assertThat(posts).extracting(ReceivedRequest::path).containsExactly("/v1/customers", "/v1/checkout/sessions");
        ReceivedRequest customer = posts.get(0);
        assertThat(customer.params()).containsEntry("email", ada.email()).containsEntry("name", ada.name())
                .containsEntry("metadata[user_id]", ada.id().toString());
        assertThat(customer.idempotencyKey())
                .isEqualTo(IdempotencyKeys.of(ada.id(), Attempt.Purpose.CUSTOMER, "", customerAttempt))
                .hasSize(64);
        ReceivedRequest session = posts.get(1);
        assertThat(session.params()).containsEntry("mode", "subscription").containsEntry("customer", customerId)
                .containsEntry("client_reference_id", ada.id().toString())
                .containsEntry("line_items[0][price]", PRICE_MONTH).containsEntry("line_items[0][quantity]", "1")
                .containsEntry("success_url", "https://app.orchestra.test/billing/success?session_id={CHECKOUT_SESSION_ID}")
                .containsEntry("cancel_url", "https://app.orchestra.test/billing/cancel")
                .containsEntry("metadata[user_id]", ada.id().toString())
                .containsEntry("subscription_data[metadata][user_id]", ada.id().toString());
        assertThat(session.idempotencyKey()).isEqualTo(IdempotencyKeys.of(ada.id(), Attempt.Purpose.CHECKOUT, PRICE_MONTH, checkoutAttempt));
        assertThat(rows("select status, result_id from stripe_attempts where id = ?", checkoutAttempt).get(0))
                .containsEntry("status", "done").containsEntry("result_id", sessionId);

        // A second checkout (yearly): the customer is remembered, the session is new, under a new key.
        String second = checkout(ada.id(), "pro", "year").statusCode(201).extract().path("data.session_id");
        assertThat(second).isNotEqualTo(sessionId);
        List<ReceivedRequest> more = posts().subList(2, posts().size());
        assertThat(more).extracting(ReceivedRequest::path).containsExactly("/v1/checkout/sessions");
        assertThat(more.get(0).params()).containsEntry("customer", customerId).containsEntry("line_items[0][price]", PRICE_YEAR);
        assertThat(more.get(0).idempotencyKey()).isNotEqualTo(session.idempotencyKey());
        assertThat(stripeClient().v1().customers().list(CustomerListParams.builder().setEmail(ada.email()).build()).getData())
                .extracting(Customer::getId).containsExactly(customerId);
        // Nothing to tell consumers yet: no event.
        assertThat(count("outbox")).isZero();
    }

    @Test
    void theShapeIsCheckedAtTheEdgeAndTheRulesInTheService() {
        Person ada = registered();
        checkout(ada.id(), "team", "month").statusCode(422).body("error", equalTo("validation_error"))
                .body("details.plan", notNullValue());
        checkout(ada.id(), "pro", "week").statusCode(422).body("details.interval", notNullValue());
        checkout(ada.id(), "{}").statusCode(422).body("details.plan", equalTo("Required")).body("details.interval", equalTo("Required"));
        checkout(ada.id(), "{\"plan\":5,\"interval\":\"month\"}").statusCode(422).body("details.plan", notNullValue());
        checkout(ada.id(), "{\"plan\":\"pro\",\"interval\":[\"month\"]}").statusCode(422).body("details.interval", notNullValue());
        checkout(ada.id(), "[]").statusCode(422);
        checkout(ada.id(), "not json").statusCode(422);
        checkout(ada.id(), "").statusCode(422);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + token(ada.id())).contentType("text/plain")
                .body("plan=pro").post("/api/v1/billing/checkout").then().statusCode(415).body("error", equalTo("unsupported_media_type"));
        assertThat(posts()).isEmpty();
        assertThat(count("stripe_attempts")).isZero();
    }

    @Test
    void aUserOnAPaidPlanIsSentToThePortal() {
        Person ada = registered();
        subscribed(ada);
        int before = posts().size();
        checkout(ada.id(), "pro", "year").statusCode(409).body("error", equalTo("conflict"))
                .body("details.reason", equalTo("already_subscribed")).body("details.manage_with", equalTo("portal"));
        assertThat(posts()).hasSize(before);
    }

    @Test
    void anAccountNotKnownYetIsAskedToComeBack() {
        checkout(UUID.randomUUID(), "pro", "month").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("account")).header("Retry-After", notNullValue());
        assertThat(posts()).isEmpty();
    }

    @Test
    void stripeDownIs503AndNothingIsWrittenThenTheRetryMakesOneCustomer() throws Exception {
        Person ada = registered();
        double failuresBefore = metric("orchestra_billing_stripe_failures_total", "operation=\"create_customer\"", "kind=\"unavailable\"");
        stripe.injectFault(500, 0, null, "/v1/", Duration.ZERO);
        checkout(ada.id(), "pro", "month").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("stripe")).header("Retry-After", equalTo("5"));
        assertThat(count("customers")).isZero();
        assertThat(count("outbox")).isZero();
        assertThat(rows("select purpose, status from stripe_attempts order by purpose"))
                .containsExactly(Map.of("purpose", "checkout", "status", "failed"), Map.of("purpose", "customer", "status", "open"));
        assertThat(metric("orchestra_billing_stripe_failures_total", "operation=\"create_customer\"", "kind=\"unavailable\"")
                - failuresBefore).isEqualTo(1);

        // Stripe failing on the session only: the customer is made (and kept: it exists at Stripe), no session.
        stripe.clearFaults();
        stripe.injectFault(503, 0, "POST", "/v1/checkout/sessions", Duration.ZERO);
        checkout(ada.id(), "pro", "month").statusCode(503);
        assertThat(count("customers")).isEqualTo(1);

        stripe.clearFaults();
        checkout(ada.id(), "pro", "month").statusCode(201);
        List<ReceivedRequest> customers = posts().stream().filter(r -> r.path().equals("/v1/customers")).toList();
        assertThat(customers).extracting(ReceivedRequest::status).containsExactly(500, 200);
        assertThat(customers).extracting(ReceivedRequest::idempotencyKey).containsOnly(customers.get(0).idempotencyKey());
        assertThat(stripeClient().v1().customers().list(CustomerListParams.builder().setEmail(ada.email()).build()).getData())
                .hasSize(1);
    }

    @Test
    void aRefusalByStripeIsA503InTheEnvelopeNeverA500() {
        Person ada = registered();
        // Stripe refuses the session as sent (a misconfigured price id, say): not the caller's fault.
        stripe.injectFault(400, 1, "POST", "/v1/checkout/sessions", Duration.ZERO);
        checkout(ada.id(), "pro", "month").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("stripe")).body("details.reason", equalTo("refused"))
                .header("Retry-After", notNullValue());
        assertThat(rows("select status from stripe_attempts where purpose = 'checkout'")).containsExactly(Map.of("status", "failed"));

        // Stripe refuses the customer: it made nothing, so the attempt ends (it is never replayed).
        Person bob = registered();
        stripe.injectFault(400, 1, "POST", "/v1/customers", Duration.ZERO);
        checkout(bob.id(), "pro", "month").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("stripe")).body("details.reason", equalTo("refused"));
        assertThat(rows("select status from stripe_attempts where user_id = ? and purpose = 'customer'", bob.id()))
                .containsExactly(Map.of("status", "failed"));
        // An attempt that ended keeps no e-mail or name.
        assertThat(count("stripe_attempts where email is not null or name is not null")).isZero();
        assertThat(count("customers where user_id = '" + bob.id() + "'")).isZero();

        checkout(bob.id(), "pro", "month").statusCode(201);
        checkout(ada.id(), "pro", "month").statusCode(201);
    }

    @Test
    void thePortalForgetsACustomerGoneAtStripeAndAnswers404() throws Exception {
        Person ada = registered();
        checkout(ada.id(), "pro", "month").statusCode(201);
        String gone = (String) rows("select stripe_customer_id from customers").get(0).get("stripe_customer_id");
        // Deleted at Stripe behind this service's back (the dashboard, say).
        stripeClient().v1().customers().delete(gone);

        portal(ada.id()).statusCode(404).body("error", equalTo("not_found")).body("details.reason", equalTo("no_customer"));
        assertThat(count("customers")).isZero();
        portal(ada.id()).statusCode(404).body("details.reason", equalTo("no_customer"));

        // The next checkout makes a new customer.
        checkout(ada.id(), "pro", "month").statusCode(201);
        assertThat(rows("select stripe_customer_id from customers").get(0).get("stripe_customer_id")).isNotEqualTo(gone);
        portal(ada.id()).statusCode(200);
    }

    @Test
    void aPaidUsersCustomerForgottenByThePortalStillHasItsEndApplied() throws Exception {
        Person ada = registered();
        Outcome paid = subscribed(ada);
        // Deleted at Stripe (which ends its subscription at once); the events of it arrive late.
        stripe.webhookUrl(null);
        stripeClient().v1().customers().delete(paid.customer());
        portal(ada.id()).statusCode(404).body("details.reason", equalTo("no_customer"));
        assertThat(count("customers")).isZero();

        // The subscription's end still reaches the user, through the subscription made for that customer.
        String ended = stripe.events().stream().filter(e -> e.type().equals("customer.subscription.deleted")).map(SentEvent::id)
                .findFirst().orElseThrow();
        deliver(payload(ended)).statusCode(200).body("data.outcome", equalTo("stored"));
        awaitSettled(List.of(ended));
        awaitAccount(ada.id(), account -> "free".equals(account.get("plan")) && "canceled".equals(account.get("status")));
        checkout(ada.id(), "pro", "month").statusCode(201);
    }

    @Test
    void stripeUnreachableIs503() {
        Person ada = registered();
        int port = LocalStripeResource.stopForAWhile();
        try {
            checkout(ada.id(), "pro", "month").statusCode(503).body("error", equalTo("service_unavailable"))
                    .body("details.dependency", equalTo("stripe"));
            assertThat(count("customers")).isZero();
            assertThat(count("outbox")).isZero();
        } finally {
            stripe = LocalStripeResource.startAgain(port);
        }
        stripe.webhookUrl(webhookUrl.toString());
        checkout(ada.id(), "pro", "month").statusCode(201);
        assertThat(count("customers")).isEqualTo(1);
    }

    @Test
    void aTimeoutIs503AndTheRetryGetsTheSameCustomerBack() throws Exception {
        Person ada = registered();
        // Stripe takes longer than the read timeout (2 s in tests), then makes the customer anyway.
        stripe.injectFault(0, 1, "POST", "/v1/customers", Duration.ofSeconds(3));
        checkout(ada.id(), "pro", "month").statusCode(503).body("details.dependency", equalTo("stripe"));
        assertThat(count("customers")).isZero();
        await().atMost(WAIT).until(() -> posts().stream().anyMatch(r -> r.path().equals("/v1/customers") && r.status() == 200));

        checkout(ada.id(), "pro", "month").statusCode(201);
        List<ReceivedRequest> customers = posts().stream().filter(r -> r.path().equals("/v1/customers")).toList();
        assertThat(customers).hasSize(2);
        assertThat(customers.get(1).replayed()).isTrue();
        assertThat(customers.get(1).idempotencyKey()).isEqualTo(customers.get(0).idempotencyKey());
        assertThat(stripeClient().v1().customers().list(CustomerListParams.builder().setEmail(ada.email()).build()).getData())
                .hasSize(1);
    }

    @Test
    void aRetriedSessionCallGetsTheSameSession() throws Exception {
        Person ada = registered();
        // Stripe takes longer than the read timeout (2 s in tests) on the session, then makes it anyway.
        stripe.injectFault(0, 1, "POST", "/v1/checkout/sessions", Duration.ofSeconds(3));
        checkout(ada.id(), "pro", "month").statusCode(503).body("details.dependency", equalTo("stripe"));
        await().atMost(WAIT).until(() -> sessionPosts().stream().anyMatch(r -> r.status() == 200));
        ReceivedRequest first = sessionPosts().get(0);
        UUID firstAttempt = attempt(ada.id(), "checkout");
        assertThat(first.idempotencyKey()).isEqualTo(IdempotencyKeys.of(ada.id(), Attempt.Purpose.CHECKOUT, PRICE_MONTH, firstAttempt));

        // The retried call: in production stripe-java's own retry (max-network-retries=1; 0 in tests, so the test
        // makes it through the service's gateway) sends the same request under the same key.
        String customer = first.params().get("customer");
        StripeRecords.CheckoutSession retried = gateway.createCheckoutSession(customer, ada.id(), PRICE_MONTH,
                first.params().get("success_url"), first.params().get("cancel_url"), first.idempotencyKey());
        assertThat(retried.id()).startsWith("cs_test_");
        assertThat(retried.url()).startsWith(stripe.baseUrl() + "/c/pay/" + retried.id());
        List<ReceivedRequest> sent = sessionPosts();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).idempotencyKey()).isEqualTo(first.idempotencyKey());
        assertThat(sent.get(1).replayed()).isTrue();
        // Stripe holds one session: only the timed-out call made one, and the retry got that one back.
        assertThat(sent).filteredOn(r -> r.status() == 200 && !r.replayed()).hasSize(1);
        Session held = stripeClient().v1().checkout().sessions().retrieve(retried.id());
        assertThat(held.getCustomer()).isEqualTo(customer);
        assertThat(held.getClientReferenceId()).isEqualTo(ada.id().toString());
        assertThat(held.getStatus()).isEqualTo("open");

        // The user's next request is a new attempt: a new key, a new session, never the old one back.
        String next = startCheckout(ada.id(), "month");
        assertThat(next).isNotEqualTo(retried.id());
        ReceivedRequest nextSent = sessionPosts().get(2);
        assertThat(nextSent.replayed()).isFalse();
        assertThat(nextSent.idempotencyKey()).isNotEqualTo(first.idempotencyKey())
                .isEqualTo(IdempotencyKeys.of(ada.id(), Attempt.Purpose.CHECKOUT, PRICE_MONTH, attempt(ada.id(), "checkout")));
        assertThat(rows("select status, result_id from stripe_attempts where id = ?", firstAttempt).get(0))
                .containsEntry("status", "failed").containsEntry("result_id", null);
    }

    @Test
    void anOpenCustomerAttemptSentWithAnOldEmailIsReplacedNotReplayed() {
        Person ada = registered();
        stripe.injectFault(0, 1, "POST", "/v1/customers", Duration.ofSeconds(3));
        checkout(ada.id(), "pro", "month").statusCode(503);
        await().atMost(WAIT).until(() -> posts().stream().anyMatch(r -> r.path().equals("/v1/customers") && r.status() == 200));
        Person renamed = new Person(ada.id(), "new-" + ada.email(), ada.name());
        awaitConsumed(userUpdated(renamed, 2));

        checkout(ada.id(), "pro", "month").statusCode(201);
        List<ReceivedRequest> customers = posts().stream().filter(r -> r.path().equals("/v1/customers")).toList();
        assertThat(customers).extracting(ReceivedRequest::status).containsExactly(200, 400, 200);
        assertThat(customers.get(2).params()).containsEntry("email", renamed.email());
        assertThat(customers.get(2).idempotencyKey()).isNotEqualTo(customers.get(0).idempotencyKey());
        assertThat(rows("select stripe_customer_id from customers").get(0).get("stripe_customer_id"))
                .isEqualTo(stripe.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions") && r.status() == 200)
                        .findFirst().orElseThrow().params().get("customer"));
    }

    @Test
    void thePortalNeedsACustomerAndIsCalledWithItsOwnKey() {
        Person ada = registered();
        portal(ada.id()).statusCode(404).body("error", equalTo("not_found")).body("details.reason", equalTo("no_customer"));
        assertThat(posts()).isEmpty();

        checkout(ada.id(), "pro", "month").statusCode(201);
        String url = portal(ada.id()).statusCode(200).extract().path("data.url");
        assertThat(url).startsWith(stripe.baseUrl() + "/p/session/bps_");
        ReceivedRequest sent = posts().get(posts().size() - 1);
        assertThat(sent.path()).isEqualTo("/v1/billing_portal/sessions");
        assertThat(sent.params()).containsEntry("customer", (String) rows("select stripe_customer_id from customers").get(0)
                        .get("stripe_customer_id"))
                .containsEntry("return_url", "https://app.orchestra.test/billing");
        assertThat(sent.idempotencyKey()).isEqualTo(IdempotencyKeys.of(ada.id(), Attempt.Purpose.PORTAL, "", attempt(ada.id(), "portal")));

        stripe.injectFault(500, 0, null, "/v1/", Duration.ZERO);
        portal(ada.id()).statusCode(503).body("details.dependency", equalTo("stripe"));
    }

    @Test
    void anotherUsersPortalIsNeverReached() {
        Person ada = registered();
        Person bob = registered();
        checkout(ada.id(), "pro", "month").statusCode(201);
        portal(bob.id()).statusCode(404);
    }

    private List<ReceivedRequest> posts() {
        return stripe.requests().stream().filter(r -> r.method().equals("POST")).toList();
    }

    private List<ReceivedRequest> sessionPosts() {
        return posts().stream().filter(r -> r.path().equals("/v1/checkout/sessions")).toList();
    }

    private UUID attempt(UUID user, String purpose) {
        List<Map<String, Object>> rows = rows("select id from stripe_attempts where user_id = ? and purpose = ? order by created_at desc",
                user, purpose);
        assertThat(rows).isNotEmpty();
        return (UUID) rows.get(0).get("id");
    }
}
