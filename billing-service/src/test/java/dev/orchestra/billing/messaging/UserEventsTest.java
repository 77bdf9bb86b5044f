package dev.orchestra.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerListParams;
import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.billing.service.IdempotencyKeys;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.stripelocal.Outcome;
import dev.orchestra.stripelocal.ReceivedRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code auth.users.v1}: the customer's e-mail and name follow the user's, and a deleted user is erased
 * here at once and at Stripe by a job that waits out Stripe's outages without holding the partition.
 */
@QuarkusTest
class UserEventsTest extends BillingTest {

    @Test
    void aDeletedUserIsErasedHereAtOnceAndAtStripeOnceItIsBack() throws Exception {
        Person ada = registered();
        Outcome paid = subscribed(ada);
        assertThat(count("invoices")).isEqualTo(1);

        stripe.injectFault(500, 0, null, "/v1/", Duration.ZERO);
        dev.orchestra.platform.testing.TestDatabase.parkFailedEvent(dataSource, ada.id());
        awaitConsumed(userDeleted(ada.id()));
        for (String table : List.of("users", "customers", "accounts", "subscriptions", "invoices", "stripe_attempts", "stripe_events",
                "outbox_failed")) {
            assertThat(count(table)).as(table).isZero();
        }
        subscription(ada.id()).statusCode(401);
        // The job waits for Stripe, retried...
        await().atMost(WAIT).until(() -> rows("select attempts from stripe_jobs where kind = 'erase_customer' and user_id = ?", ada.id())
                .stream().anyMatch(row -> (Integer) row.get("attempts") >= 2));
        assertThat(rows("select last_error from stripe_jobs").get(0).get("last_error").toString()).contains("Stripe unavailable");
        // ...without holding the partition: the next user's registration is consumed meanwhile.
        Person bob = registered();
        assertThat(count("users")).isEqualTo(1);
        assertThat(stripe.requests()).noneMatch(r -> r.method().equals("DELETE") && r.status() == 200);

        double erasedBefore = metric("orchestra_billing_jobs_done_total", "kind=\"erase_customer\"");
        stripe.clearFaults();
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        Subscription ended = stripeClient().v1().subscriptions().retrieve(paid.subscription());
        assertThat(ended.getStatus()).isEqualTo("canceled");
        assertThat(stripeClient().v1().customers().retrieve(paid.customer()).getDeleted()).isTrue();
        assertThat(metric("orchestra_billing_jobs_done_total", "kind=\"erase_customer\"") - erasedBefore).isEqualTo(1);

        // Later events about the user are dropped: Stripe's own (the cancellation, a resend) and auth's.
        awaitSettled(stripe.events().stream().filter(e -> e.type().equals("customer.subscription.deleted")).map(e -> e.id()).toList());
        String resent = eventOf(paid, "customer.subscription.updated");
        stripe.resend(resent);
        awaitSettled(List.of(resent));
        awaitConsumed(userUpdated(ada, 2));
        assertThat(count("users where user_id = '" + ada.id() + "'")).isZero();
        assertThat(count("accounts")).isZero();
        assertThat(count("subscriptions")).isZero();
        assertThat(count("outbox")).isZero();
        checkout(bob.id(), "pro", "month").statusCode(201);
    }

    @Test
    void aDeletedUserIsErasedAtStripeAtOnceWhenStripeIsUp() throws Exception {
        Person ada = registered();
        Outcome paid = subscribed(ada);
        try (TopicRecorder topic = subscriptionsTopic()) {
            awaitConsumed(userDeleted(ada.id()));
            await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
            List<ReceivedRequest> deletes = stripe.requests().stream().filter(r -> r.method().equals("DELETE")).toList();
            assertThat(deletes).extracting(ReceivedRequest::path)
                    .containsExactly("/v1/subscriptions/" + paid.subscription(), "/v1/customers/" + paid.customer());
            // The cancellation's webhook finds nobody: nothing is stored of the user, nothing published.
            List<String> ended = stripe.events().stream().filter(e -> e.type().equals("customer.subscription.deleted"))
                    .map(e -> e.id()).toList();
            assertThat(ended).hasSize(1);
            awaitSettled(ended);
            assertThat(rows("select status, payload from stripe_events where id = ?", ended.get(0)))
                    .containsExactly(Map.of("status", "ignored", "payload", ""));
            assertThat(count("accounts")).isZero();
            assertThat(count("outbox")).isZero();
            assertThat(published(topic, ada.id())).isEmpty();
        }
    }

    @Test
    void aCustomerStripeMadeWithoutAnsweringIsFoundByReplayingItsAttemptAndErased() throws Exception {
        Person ada = registered();
        // Stripe takes longer than the read timeout (2 s in tests), then makes the customer anyway: the
        // customer attempt stays open, and this service never learns the customer's id.
        stripe.injectFault(0, 1, "POST", "/v1/customers", Duration.ofSeconds(3));
        checkout(ada.id(), "pro", "month").statusCode(503).body("details.dependency", equalTo("stripe"));
        await().atMost(WAIT).until(() -> customerCreates().stream().anyMatch(r -> r.status() == 200));
        List<Customer> made = stripeClient().v1().customers().list(CustomerListParams.builder().setEmail(ada.email()).build()).getData();
        assertThat(made).hasSize(1);
        assertThat(count("customers")).isZero();
        // The e-mail changes afterwards: the replay must still send what the attempt was sent with.
        awaitConsumed(userUpdated(new Person(ada.id(), "new-" + ada.email(), ada.name()), 2));

        awaitConsumed(userDeleted(ada.id()));
        for (String table : List.of("users", "customers", "stripe_attempts")) {
            assertThat(count(table)).as(table).isZero();
        }
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        List<ReceivedRequest> creates = customerCreates();
        assertThat(creates).hasSize(2);
        assertThat(creates.get(1).replayed()).isTrue();
        assertThat(creates.get(1).idempotencyKey()).isEqualTo(creates.get(0).idempotencyKey());
        assertThat(creates.get(1).params()).containsEntry("email", ada.email()).containsEntry("metadata[user_id]", ada.id().toString());
        assertThat(stripe.requests()).filteredOn(r -> r.method().equals("DELETE"))
                .extracting(ReceivedRequest::path, ReceivedRequest::status)
                .containsExactly(tuple("/v1/customers/" + made.get(0).getId(), 200));
        assertThat(stripeClient().v1().customers().retrieve(made.get(0).getId()).getDeleted()).isTrue();
    }

    @Test
    void aCustomerStripeNeverMadeForAnOpenAttemptIsMadeByTheReplayAndErased() throws Exception {
        Person ada = registered();
        stripe.injectFault(500, 1, "POST", "/v1/customers", Duration.ZERO);
        checkout(ada.id(), "pro", "month").statusCode(503);
        assertThat(rows("select status from stripe_attempts where purpose = 'customer'")).containsExactly(Map.of("status", "open"));

        awaitConsumed(userDeleted(ada.id()));
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        List<ReceivedRequest> creates = customerCreates();
        assertThat(creates).extracting(ReceivedRequest::status).containsExactly(500, 200);
        assertThat(creates).extracting(ReceivedRequest::idempotencyKey).containsOnly(creates.get(0).idempotencyKey());
        assertThat(stripe.requests()).filteredOn(r -> r.method().equals("DELETE")).extracting(ReceivedRequest::status)
                .containsExactly(200);
        assertThat(stripeClient().v1().customers().list(CustomerListParams.builder().setEmail(ada.email()).build()).getData())
                .isEmpty();
    }

    @Test
    void anUpdateOfACustomerGoneAtStripeIsDoneNotRetried() throws Exception {
        Person ada = registered();
        checkout(ada.id(), "pro", "month").statusCode(201);
        String customer = (String) rows("select stripe_customer_id from customers").get(0).get("stripe_customer_id");
        // Deleted at Stripe behind this service's back (the dashboard, say).
        stripeClient().v1().customers().delete(customer);
        double doneBefore = metric("orchestra_billing_jobs_done_total", "kind=\"update_customer\"");
        double abandonedBefore = metric("orchestra_billing_jobs_abandoned_total", "kind=\"update_customer\"");

        awaitConsumed(userUpdated(new Person(ada.id(), "new-" + ada.email(), ada.name()), 2));
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        assertThat(stripe.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/customers/" + customer))
                .extracting(ReceivedRequest::status).containsExactly(404);
        assertThat(metric("orchestra_billing_jobs_done_total", "kind=\"update_customer\"") - doneBefore).isEqualTo(1);
        assertThat(metric("orchestra_billing_jobs_abandoned_total", "kind=\"update_customer\"") - abandonedBefore).isZero();
    }

    @Test
    void aJobStripeRefusesIsGivenUpNotRetriedForever() {
        Person ada = registered();
        Outcome paid = subscribed(ada);
        // Stripe refuses the customer's deletion (a 4xx other than a missing customer): the same request would be refused again.
        stripe.injectFault(400, 0, "DELETE", "/v1/customers/", Duration.ZERO);
        double abandonedBefore = metric("orchestra_billing_jobs_abandoned_total", "kind=\"erase_customer\"");

        awaitConsumed(userDeleted(ada.id()));
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        assertThat(stripe.requests()).filteredOn(r -> r.method().equals("DELETE"))
                .extracting(ReceivedRequest::path, ReceivedRequest::status)
                .containsExactly(tuple("/v1/subscriptions/" + paid.subscription(), 200),
                        tuple("/v1/customers/" + paid.customer(), 400));
        assertThat(metric("orchestra_billing_jobs_abandoned_total", "kind=\"erase_customer\"") - abandonedBefore).isEqualTo(1);
    }

    @Test
    void aUserWithoutACustomerIsErasedWithoutAJob() {
        Person ada = registered();
        awaitConsumed(userDeleted(ada.id()));
        assertThat(count("users")).isZero();
        assertThat(count("stripe_jobs")).isZero();
        assertThat(stripe.requests()).isEmpty();
    }

    private List<ReceivedRequest> customerCreates() {
        return stripe.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/customers")).toList();
    }

    @Test
    void aNewEmailReachesTheCustomerAndAnOldVersionChangesNothing() throws Exception {
        Person ada = registered();
        checkout(ada.id(), "pro", "month").statusCode(201);
        String customer = (String) rows("select stripe_customer_id from customers").get(0).get("stripe_customer_id");

        Person renamed = new Person(ada.id(), "ada-" + UUID.randomUUID() + "@example.com", "Ada Lovelace");
        stripe.injectFault(503, 0, "POST", "/v1/customers/" + customer, Duration.ZERO);
        UserEnvelope update = userUpdated(renamed, 3);
        awaitConsumed(update);
        await().atMost(WAIT).until(() -> count("stripe_jobs where attempts >= 1") == 1);
        UUID job = (UUID) rows("select id from stripe_jobs where kind = 'update_customer'").get(0).get("id");
        stripe.clearFaults();
        await().atMost(WAIT).until(() -> count("stripe_jobs") == 0);
        Customer atStripe = stripeClient().v1().customers().retrieve(customer);
        assertThat(atStripe.getEmail()).isEqualTo(renamed.email());
        assertThat(atStripe.getName()).isEqualTo("Ada Lovelace");
        List<ReceivedRequest> sent = stripe.requests().stream().filter(r -> r.path().equals("/v1/customers/" + customer)
                && r.method().equals("POST")).toList();
        assertThat(sent).extracting(ReceivedRequest::status).endsWith(503, 200);
        assertThat(sent.get(sent.size() - 1).params()).containsEntry("email", renamed.email()).containsEntry("name", "Ada Lovelace");
        // Every try of the job under the same key: a hash of the user, the purpose and the job's id.
        assertThat(sent).extracting(ReceivedRequest::idempotencyKey)
                .containsOnly(IdempotencyKeys.of(ada.id(), Attempt.Purpose.CUSTOMER_UPDATE, "", job));

        // An older version arriving late changes nothing, here or at Stripe.
        int posts = stripe.requests().size();
        awaitConsumed(userUpdated(ada, 2));
        assertThat(rows("select email, version from users")).containsExactly(Map.of("email", renamed.email(), "version", 3L));
        assertThat(count("stripe_jobs")).isZero();
        assertThat(stripe.requests()).hasSize(posts);
        subscription(ada.id()).statusCode(200).body("data.plan", equalTo("free")).body("data.status", equalTo("none"));
    }
}
