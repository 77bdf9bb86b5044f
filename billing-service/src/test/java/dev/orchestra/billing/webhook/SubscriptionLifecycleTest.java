package dev.orchestra.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.stripe.model.Subscription;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.PaymentFailed;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.stripelocal.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A subscription's life with the local Stripe sending its webhooks to the service: pay, renew, a failed
 * payment (past_due keeps pro), the last retry failing (unpaid makes free), cancellation at period end
 * and now — with the events consumers get on {@code billing.subscriptions.v1}.
 */
@QuarkusTest
class SubscriptionLifecycleTest extends BillingTest {

    @Test
    void payingMakesTheUserProOnceWithOneEventAndTheInvoiceListed() throws Exception {
        Person ada = registered();
        double storedBefore = metric("orchestra_billing_webhooks_received_total", "outcome=\"stored\"");
        double updatesBefore = metric("orchestra_billing_events_applied_total", "type=\"customer.subscription.updated\"",
                "outcome=\"applied\"");
        List<String> sent;
        try (TopicRecorder topic = subscriptionsTopic()) {
            Outcome paid = subscribed(ada);
            Subscription atStripe = stripeClient().v1().subscriptions().retrieve(paid.subscription());
            Instant periodEnd = Instant.ofEpochSecond(atStripe.getItems().getData().get(0).getCurrentPeriodEnd());

            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("pro")).body("data.status", equalTo("active"))
                    .body("data.interval", equalTo("month")).body("data.current_period_end", equalTo(periodEnd.toString().replace("Z", ".000Z")))
                    .body("data.cancel_at_period_end", equalTo(false)).body("data.last_payment_failure", nullValue())
                    .body("data.subscription_version", equalTo(1));

            // A marker after the payment's events: once it is on the topic, all they caused is too.
            Outcome marker = stripe.cancel(ada.email(), true);
            awaitSettled(marker);
            sent = new java.util.ArrayList<>(handled(paid.events()));
            sent.addAll(handled(marker.events()));
            List<SubscriptionEnvelope> events = awaitPublished(topic, ada.id(),
                    list -> list.stream().anyMatch(e -> e.getSubscriptionChanged().getCancelAtPeriodEnd()));
            assertThat(events).hasSize(2);
            assertThat(events.get(1).getSubscriptionChanged().getSubscriptionVersion()).isEqualTo(2);
            SubscriptionChanged changed = events.get(0).getSubscriptionChanged();
            assertThat(changed.getPlan()).isEqualTo("pro");
            assertThat(changed.getStatus()).isEqualTo("active");
            assertThat(changed.getCancelAtPeriodEnd()).isFalse();
            assertThat(EventCodec.instant(changed.getCurrentPeriodEnd())).isEqualTo(periodEnd);
            assertThat(changed.getSubscriptionVersion()).isEqualTo(1);

            ValidatableResponse listed = invoices(ada.id(), "").statusCode(200).body("data.size()", equalTo(1))
                    .body("meta.next_cursor", nullValue());
            Map<String, Object> invoice = listed.extract().path("data[0]");
            assertThat(invoice).containsEntry("id", paid.invoice()).containsEntry("status", "paid").containsEntry("amount", 1000)
                    .containsEntry("amount_paid", 1000).containsEntry("currency", "usd")
                    .containsEntry("hosted_invoice_url", stripe.baseUrl() + "/i/" + paid.invoice())
                    .containsEntry("invoice_pdf", stripe.baseUrl() + "/i/" + paid.invoice() + "/pdf")
                    .containsEntry("period_end", periodEnd.toString().replace("Z", ".000Z"));
            assertThat((String) invoice.get("number")).matches("[0-9A-Z]{8}-0001");
        }
        // Each event the local Stripe sent stored once; both subscription updates (payment, cancel at period end) applied.
        assertThat(metric("orchestra_billing_webhooks_received_total", "outcome=\"stored\"") - storedBefore).isEqualTo(sent.size());
        assertThat(sent.stream().filter(id -> type(id).equals("customer.subscription.updated"))).hasSize(2);
        assertThat(metric("orchestra_billing_events_applied_total", "type=\"customer.subscription.updated\"", "outcome=\"applied\"")
                - updatesBefore).isEqualTo(2);
    }

    @Test
    void pastDueKeepsProUnpaidMakesFreeAndAPaidRetryMakesProAgain() {
        Person ada = registered();
        try (TopicRecorder topic = subscriptionsTopic()) {
            subscribed(ada);
            Outcome failed = stripe.failPayment(ada.email(), false);
            awaitSettled(failed);
            awaitAccount(ada.id(), account -> "past_due".equals(account.get("status")));
            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("pro")).body("data.status", equalTo("past_due"))
                    .body("data.last_payment_failure.invoice_id", equalTo(failed.invoice()))
                    .body("data.last_payment_failure.amount", equalTo(1000))
                    .body("data.last_payment_failure.currency", equalTo("usd"))
                    .body("data.last_payment_failure.hosted_invoice_url", equalTo(stripe.baseUrl() + "/i/" + failed.invoice()));

            List<SubscriptionEnvelope> events = awaitPublished(topic, ada.id(), list -> list.stream().anyMatch(
                    SubscriptionEnvelope::hasPaymentFailed) && last(list).getSubscriptionChanged().getStatus().equals("past_due"));
            PaymentFailed payment = events.stream().filter(SubscriptionEnvelope::hasPaymentFailed).findFirst().orElseThrow()
                    .getPaymentFailed();
            assertThat(payment.getInvoiceId()).isEqualTo(failed.invoice());
            assertThat(payment.getAmount()).isEqualTo(1000);
            assertThat(payment.getCurrency()).isEqualTo("usd");
            assertThat(payment.getHostedInvoiceUrl()).isEqualTo(stripe.baseUrl() + "/i/" + failed.invoice());
            assertThat(EventCodec.instant(payment.getNextAttemptAt())).isAfter(Instant.now().plus(Duration.ofDays(2)));
            assertThat(last(events).getSubscriptionChanged().getPlan()).isEqualTo("pro");

            Outcome unpaid = stripe.failPayment(ada.email(), true);
            awaitSettled(unpaid);
            awaitAccount(ada.id(), account -> "unpaid".equals(account.get("status")));
            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("free")).body("data.status", equalTo("unpaid"))
                    .body("data.last_payment_failure.next_attempt_at", nullValue());
            List<SubscriptionEnvelope> afterFinal = awaitPublished(topic, ada.id(),
                    list -> last(list).getSubscriptionChanged().getStatus().equals("unpaid"));
            assertThat(last(afterFinal).getSubscriptionChanged().getPlan()).isEqualTo("free");
            assertThat(afterFinal.stream().filter(SubscriptionEnvelope::hasPaymentFailed)).hasSize(2);

            Outcome recovered = stripe.renew(ada.email());
            awaitSettled(recovered);
            awaitAccount(ada.id(), account -> "active".equals(account.get("status")));
            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("pro")).body("data.last_payment_failure", nullValue());
            invoices(ada.id(), "").statusCode(200).body("data.size()", equalTo(2)).body("data[0].id", equalTo(failed.invoice()))
                    .body("data[0].status", equalTo("paid"));

            List<SubscriptionEnvelope> all = awaitPublished(topic, ada.id(),
                    list -> last(list).getSubscriptionChanged().getStatus().equals("active") && list.size() > 3);
            assertGrowingVersionsAndNoRepeats(all);
        }
    }

    @Test
    void cancellingAtPeriodEndKeepsProAndCancellingNowMakesFree() {
        Person ada = registered();
        try (TopicRecorder topic = subscriptionsTopic()) {
            subscribed(ada);
            Outcome atEnd = stripe.cancel(ada.email(), true);
            awaitSettled(atEnd);
            awaitAccount(ada.id(), account -> Boolean.TRUE.equals(account.get("cancel_at_period_end")));
            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("pro")).body("data.cancel_at_period_end", equalTo(true));

            Outcome now = stripe.cancel(ada.email(), false);
            awaitSettled(now);
            awaitAccount(ada.id(), account -> "canceled".equals(account.get("status")));
            subscription(ada.id()).statusCode(200).body("data.plan", equalTo("free")).body("data.status", equalTo("canceled"));

            List<SubscriptionEnvelope> events = awaitPublished(topic, ada.id(),
                    list -> last(list).getSubscriptionChanged().getStatus().equals("canceled"));
            assertThat(events).extracting(e -> e.getSubscriptionChanged().getPlan() + "/" + e.getSubscriptionChanged().getStatus() + "/"
                    + e.getSubscriptionChanged().getCancelAtPeriodEnd())
                    .containsExactly("pro/active/false", "pro/active/true", "free/canceled/true");
            assertGrowingVersionsAndNoRepeats(events);
        }
    }

    @Test
    void aRenewalMovesThePeriodEndAndAVoidedInvoiceIsListedAsVoid() {
        Person ada = registered();
        subscribed(ada);
        Instant firstEnd = ((java.sql.Timestamp) account(ada.id()).get("current_period_end")).toInstant();
        Outcome renewed = stripe.renew(ada.email());
        awaitSettled(renewed);
        awaitAccount(ada.id(), account -> ((java.sql.Timestamp) account.get("current_period_end")).toInstant().isAfter(firstEnd));
        assertThat(account(ada.id())).containsEntry("subscription_version", 2L).containsEntry("plan", "pro");

        Outcome failed = stripe.failPayment(ada.email(), false);
        awaitSettled(failed);
        Outcome voided = stripe.voidInvoice(failed.invoice());
        awaitSettled(voided);
        invoices(ada.id(), "").statusCode(200).body("data.size()", equalTo(3)).body("data[0].id", equalTo(failed.invoice()))
                .body("data[0].status", equalTo("void"));
        subscription(ada.id()).statusCode(200).body("data.last_payment_failure", nullValue());
    }

    private static SubscriptionEnvelope last(List<SubscriptionEnvelope> events) {
        List<SubscriptionEnvelope> changes = events.stream().filter(SubscriptionEnvelope::hasSubscriptionChanged).toList();
        return changes.isEmpty() ? SubscriptionEnvelope.getDefaultInstance() : changes.get(changes.size() - 1);
    }

    static void assertGrowingVersionsAndNoRepeats(List<SubscriptionEnvelope> events) {
        List<SubscriptionChanged> changes = events.stream().filter(SubscriptionEnvelope::hasSubscriptionChanged)
                .map(SubscriptionEnvelope::getSubscriptionChanged).toList();
        for (int i = 1; i < changes.size(); i++) {
            SubscriptionChanged before = changes.get(i - 1);
            SubscriptionChanged after = changes.get(i);
            assertThat(after.getSubscriptionVersion()).isGreaterThan(before.getSubscriptionVersion());
            assertThat(after.toBuilder().setSubscriptionVersion(0).build())
                    .as("an event without a change").isNotEqualTo(before.toBuilder().setSubscriptionVersion(0).build());
        }
    }
}
