package dev.orchestra.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.billing.service.Reconciliation;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.stripelocal.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events the webhook never brought are found in Stripe's event list and applied, once. */
@QuarkusTest
class ReconciliationTest extends BillingTest {

    @Inject
    Reconciliation reconciliation;

    @Test
    void eventsThatNeverArrivedAreHealedOnce() {
        // The endpoint is misconfigured: Stripe's deliveries go nowhere.
        stripe.webhookUrl("http://127.0.0.1:1/webhooks/stripe");
        Person ada = registered();
        Outcome paid = subscribe(ada);
        List<String> handled = handled(paid.events());
        assertThat(count("stripe_events")).isZero();
        double healedBefore = metric("orchestra_billing_reconciliation_healed_total");

        assertThat(reconciliation.runNow()).isEqualTo(handled.size());
        awaitSettled(handled);
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
        subscription(ada.id()).statusCode(200).body("data.plan", equalTo("pro")).body("data.status", equalTo("active"));
        invoices(ada.id(), "").statusCode(200).body("data.size()", equalTo(1));
        assertThat(rows("select distinct source from stripe_events")).containsExactly(Map.of("source", "reconciliation"));
        assertThat(metric("orchestra_billing_reconciliation_healed_total") - healedBefore).isEqualTo(handled.size());

        // Nothing is missing any more; and a delivery that finally arrives is a duplicate.
        assertThat(reconciliation.runNow()).isZero();
        stripe.webhookUrl(webhookUrl.toString());
        deliver(payload(handled.get(0))).statusCode(200).body("data.outcome", equalTo("duplicate"));
        assertThat(account(ada.id())).containsEntry("subscription_version", 1L);
    }

    @Test
    void onlyWhatIsMissingIsHealed() {
        stripe.webhookUrl(null);
        Person ada = registered();
        Outcome paid = subscribe(ada);
        List<String> handled = handled(paid.events());
        // The webhook brought all but the last two.
        for (String id : handled.subList(0, handled.size() - 2)) {
            deliver(payload(id)).statusCode(200);
        }
        assertThat(reconciliation.runNow()).isEqualTo(2);
        awaitSettled(handled);
        assertThat(rows("select id from stripe_events where source = 'reconciliation' order by id"))
                .extracting(row -> row.get("id")).containsExactlyInAnyOrderElementsOf(handled.subList(handled.size() - 2, handled.size()));
    }

    @Test
    void stripeDownFailsTheRunAndTheNextOneHeals() {
        stripe.webhookUrl(null);
        Person ada = registered();
        Outcome paid = subscribe(ada);
        stripe.injectFault(500, 0, "GET", "/v1/events", Duration.ZERO);
        assertThatThrownBy(() -> reconciliation.runNow()).hasMessageContaining("Stripe unavailable");
        assertThat(count("stripe_events")).isZero();
        assertThat(count("reconciliation_state")).isZero();

        stripe.clearFaults();
        assertThat(reconciliation.runNow()).isEqualTo(handled(paid.events()).size());
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
    }
}
