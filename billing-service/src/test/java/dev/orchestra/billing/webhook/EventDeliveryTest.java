package dev.orchestra.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.stripelocal.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events delivered by the test itself, signed as Stripe signs them, in the orders and numbers Stripe
 * may send them: every handled kind, duplicates, and out-of-order pairs. The local Stripe only records
 * its events here (no webhook URL).
 */
@QuarkusTest
class EventDeliveryTest extends BillingTest {

    @BeforeEach
    void stripeSendsNothing() {
        stripe.webhookUrl(null);
    }

    @Test
    void everyHandledKindIsStoredAndAppliedAndOthersAreIgnored() {
        Person ada = registered();
        List<String> made = new ArrayList<>();
        Outcome paid = subscribe(ada);
        made.addAll(paid.events());
        Outcome failed = stripe.failPayment(ada.email(), false);
        made.addAll(failed.events());
        made.addAll(stripe.voidInvoice(failed.invoice()).events());
        made.addAll(stripe.cancel(ada.email(), true).events());
        made.addAll(stripe.cancel(ada.email(), false).events());

        List<String> kinds = new ArrayList<>();
        for (String id : made) {
            String type = type(id);
            String outcome = deliver(payload(id)).statusCode(200).body("data.event_id", equalTo(id)).extract().path("data.outcome");
            assertThat(outcome).as(type).isEqualTo(HANDLED.contains(type) ? "stored" : "not_handled");
            kinds.add(type);
        }
        assertThat(kinds).containsAll(HANDLED).contains("invoice.created", "invoice.payment_succeeded");
        List<String> handled = handled(made);
        awaitSettled(handled);
        assertThat(count("stripe_events")).isEqualTo(handled.size());
        // Applied after the invoice was voided: the failure is over by then, nobody is told (ignored).
        assertThat(rows("select type from stripe_events where status <> 'applied'"))
                .containsExactly(Map.of("type", "invoice.payment_failed"));

        assertThat(account(ada.id())).containsEntry("plan", "free").containsEntry("status", "canceled")
                .containsEntry("cancel_at_period_end", true);
        invoices(ada.id(), "").statusCode(200).body("data.status", equalTo(List.of("void", "paid")));
    }

    @Test
    void theSameEventTwiceHasOneEffect() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        deliverAll(paid.events());
        awaitSettled(paid);
        Outcome failed = stripe.failPayment(ada.email(), false);
        String paymentFailed = eventOf(failed, "invoice.payment_failed");
        double duplicatesBefore = metric("orchestra_billing_webhooks_received_total", "outcome=\"duplicate\"");
        try (TopicRecorder topic = subscriptionsTopic()) {
            deliver(payload(paymentFailed)).statusCode(200).body("data.outcome", equalTo("stored"));
            deliver(payload(paymentFailed)).statusCode(200).body("data.outcome", equalTo("duplicate"));
            awaitSettled(List.of(paymentFailed));
            deliver(payload(paymentFailed)).statusCode(200).body("data.outcome", equalTo("duplicate"));
            assertThat(metric("orchestra_billing_webhooks_received_total", "outcome=\"duplicate\"") - duplicatesBefore).isEqualTo(2);
            // A marker after it: once it is on the topic, anything the duplicates caused would be too.
            deliverAll(failed.events());
            awaitSettled(failed);
            awaitOutboxDrained();
            List<SubscriptionEnvelope> events = awaitPublished(topic, ada.id(), list -> list.stream()
                    .anyMatch(e -> e.getSubscriptionChanged().getStatus().equals("past_due")));
            assertThat(events.stream().filter(SubscriptionEnvelope::hasPaymentFailed)).hasSize(1);
        }
        assertThat(rows("select attempts, status from stripe_events where id = ?", paymentFailed))
                .containsExactly(Map.of("attempts", 1, "status", "applied"));
    }

    @Test
    void anUpdateBeforeItsCreateWorks() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        List<String> reversed = new ArrayList<>(handled(paid.events()));
        Collections.reverse(reversed);
        // checkout.session.completed, updated (active), invoice.paid, invoice.finalized, created (incomplete)
        deliverAll(reversed);
        awaitSettled(reversed);
        assertThat(account(ada.id())).containsEntry("plan", "pro").containsEntry("status", "active")
                .containsEntry("subscription_version", 1L);
    }

    @Test
    void aDeletedSubscriptionStaysDeletedWhenALateUpdateArrives() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        deliverAll(paid.events());
        awaitSettled(paid);
        String update = eventOf(stripe.cancel(ada.email(), true), "customer.subscription.updated");
        String delete = eventOf(stripe.cancel(ada.email(), false), "customer.subscription.deleted");
        deliver(payload(delete)).statusCode(200);
        awaitSettled(List.of(delete));
        Map<String, Object> ended = account(ada.id());
        assertThat(ended).containsEntry("plan", "free").containsEntry("status", "canceled");

        deliver(payload(update)).statusCode(200).body("data.outcome", equalTo("stored"));
        awaitSettled(List.of(update));
        assertThat(account(ada.id())).containsEntry("plan", "free").containsEntry("status", "canceled")
                .containsEntry("subscription_version", ended.get("subscription_version"));
    }

    @Test
    void aLatePaymentFailureOfAnInvoicePaidSinceTellsNobody() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        deliverAll(paid.events());
        awaitSettled(paid);
        Outcome failed = stripe.failPayment(ada.email(), false);
        Outcome recovered = stripe.renew(ada.email());
        try (TopicRecorder topic = subscriptionsTopic()) {
            deliverAll(recovered.events());
            awaitSettled(recovered);
            deliverAll(failed.events());
            awaitSettled(failed);
            // A marker after it: once it is on the topic, anything the late failure caused would be too.
            Outcome marker = stripe.cancel(ada.email(), true);
            deliverAll(marker.events());
            awaitSettled(marker);
            List<SubscriptionEnvelope> events = awaitPublished(topic, ada.id(), list -> list.stream()
                    .anyMatch(e -> e.getSubscriptionChanged().getCancelAtPeriodEnd()));
            assertThat(events).noneMatch(SubscriptionEnvelope::hasPaymentFailed);
        }
        assertThat(account(ada.id())).containsEntry("plan", "pro").containsEntry("status", "active")
                .containsEntry("cancel_at_period_end", true).containsEntry("failure_invoice_id", null);
        assertThat(rows("select status from stripe_events where type = 'invoice.payment_failed'"))
                .containsExactly(Map.of("status", "ignored"));
    }

    @Test
    void eventsOfCustomersThatAreNotThisServicesAreIgnored() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        execute("delete from customers");
        deliverAll(paid.events());
        awaitSettled(paid);
        assertThat(account(ada.id())).isNull();
        assertThat(rows("select distinct status, payload from stripe_events")).containsExactly(Map.of("status", "ignored", "payload", ""));
    }

    @Test
    void whileStripeCannotBeReadEventsWaitAndAreAppliedOnceItIsBack() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        stripe.injectFault(500, 0, "GET", "/v1/", java.time.Duration.ZERO);
        List<String> handled = handled(paid.events());
        deliverAll(handled);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> count("stripe_events where status = 'pending' and attempts >= 2")
                == handled.size());
        assertThat(account(ada.id())).isNull();
        assertThat(rows("select distinct last_error from stripe_events").get(0).get("last_error").toString())
                .contains("Stripe unavailable");

        stripe.clearFaults();
        awaitSettled(handled);
        assertThat(account(ada.id())).containsEntry("plan", "pro").containsEntry("subscription_version", 1L);
        assertThat(rows("select distinct status from stripe_events")).containsExactly(Map.of("status", "applied"));
    }

    @Test
    void anEventStoredBeforeARestartIsAppliedByTheSweep() {
        Person ada = registered();
        Outcome paid = subscribe(ada);
        String updated = eventOf(paid, "customer.subscription.updated");
        // As a replica that stored it and stopped before applying it would leave it: no wake-up, only the row.
        rows("with stored as (insert into stripe_events (id, type, stripe_created, customer_id, payload, source, status, attempts, "
                + "next_attempt_at, received_at) values (?, 'customer.subscription.updated', now(), ?, ?, 'webhook', 'pending', 0, "
                + "now(), now()) returning 1) select count(*) from stored", updated, paid.customer(), payload(updated));
        awaitSettled(List.of(updated));
        assertThat(account(ada.id())).containsEntry("plan", "pro");
    }

    private void deliverAll(List<String> eventIds) {
        for (String id : eventIds) {
            deliver(payload(id)).statusCode(200);
        }
    }

    private void execute(String sql) {
        rows("with done as (" + sql + " returning 1) select count(*) from done");
    }
}
