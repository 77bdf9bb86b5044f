package dev.orchestra.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.billing.service.Reconciliation;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.stripelocal.Outcome;
import dev.orchestra.stripelocal.ReceivedRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events the webhook never brought are found in Stripe's event list and applied, once. */
@QuarkusTest
class ReconciliationTest extends BillingTest {

    /** {@code orchestra.billing.reconciliation.page-size} in tests. */
    private static final int PAGE = 2;

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
        // Nothing listed yet; the run waits for the next tick, its lease let go.
        assertThat(count("reconciliation_state where listed_until is null and run_until is not null and lease_owner is null"))
                .isEqualTo(1);

        stripe.clearFaults();
        assertThat(reconciliation.runNow()).isEqualTo(handled(paid.events()).size());
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
    }

    @Test
    void eachPageIsKeptAsItIsListedAndAFailedRunResumesAtItsCursor() {
        stripe.webhookUrl(null);
        Person ada = registered();
        Outcome paid = subscribe(ada);
        List<String> handled = handled(paid.events());
        assertThat(handled).hasSizeGreaterThan(PAGE);
        // Stripe answers the first page (2 events in tests), then fails.
        stripe.injectFault(0, 1, "GET", "/v1/events", Duration.ZERO);
        stripe.injectFault(500, 0, "GET", "/v1/events", Duration.ZERO);
        double healedBefore = metric("orchestra_billing_reconciliation_healed_total");

        assertThatThrownBy(() -> reconciliation.runNow()).hasMessageContaining("Stripe unavailable");
        // The first page was stored in its own transaction, with the cursor: not rolled back with the run.
        List<Object> firstPage = rows("select id from stripe_events").stream().map(row -> row.get("id")).toList();
        assertThat(firstPage).hasSize(PAGE).allMatch(handled::contains);
        Map<String, Object> run = rows("select run_after, run_healed, lease_owner, listed_until from reconciliation_state").get(0);
        assertThat(run.get("run_after")).isIn(firstPage);
        assertThat(run).containsEntry("run_healed", PAGE).containsEntry("lease_owner", null).containsEntry("listed_until", null);

        stripe.clearFaults();
        int before = stripe.requests().size();
        assertThat(reconciliation.runNow()).isEqualTo(handled.size() - PAGE);
        // Resumed after the cursor, not from the top.
        ReceivedRequest resumed = stripe.requests().subList(before, stripe.requests().size()).stream()
                .filter(r -> r.path().equals("/v1/events")).findFirst().orElseThrow();
        assertThat(resumed.params()).containsEntry("starting_after", (String) run.get("run_after"));
        assertThat(rows("select id from stripe_events").stream().map(row -> row.get("id")))
                .containsExactlyInAnyOrderElementsOf(handled);
        assertThat(metric("orchestra_billing_reconciliation_healed_total") - healedBefore).isEqualTo(handled.size());
        assertThat(rows("select last_healed, run_until, lease_owner from reconciliation_state where listed_until is not null"))
                .containsExactly(mapOf("last_healed", handled.size(), "run_until", null, "lease_owner", null));
        awaitSettled(handled);
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
    }

    @Test
    void theTimerRunsOnlyWhenTheLastRunIsAnHourOldThenHeals() {
        stripe.webhookUrl(null);
        // Never run before: the first tick is due at once (nothing to heal yet).
        assertThat(reconciliation.runIfDue()).isZero();
        Person ada = registered();
        Outcome paid = subscribe(ada);
        List<String> handled = handled(paid.events());

        // Right after a finished run the next tick (this replica's or another's) does not run: Stripe is not even asked.
        long listings = eventListings();
        assertThat(reconciliation.runIfDue()).isEqualTo(-1);
        assertThat(eventListings()).isEqualTo(listings);
        assertThat(count("stripe_events")).isZero();

        // As if that run had finished 61 minutes ago: due, so the tick runs and heals what never arrived.
        assertThat(rows("update reconciliation_state set last_run_at = last_run_at - interval '61 minutes' returning id")).hasSize(1);
        assertThat(reconciliation.runIfDue()).isEqualTo(handled.size());
        assertThat(eventListings()).isGreaterThan(listings);
        awaitSettled(handled);
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
        assertThat(rows("select distinct source from stripe_events")).containsExactly(Map.of("source", "reconciliation"));

        // And that run counts as the last one: the next tick waits an hour again.
        assertThat(reconciliation.runIfDue()).isEqualTo(-1);
    }

    @Test
    void aTickThatFailsIsTakenUpByTheNextTick() {
        stripe.webhookUrl(null);
        assertThat(reconciliation.runIfDue()).isZero();
        Person ada = registered();
        Outcome paid = subscribe(ada);
        // An hour later the tick is due, but Stripe fails it: the run stays in progress, its lease let go.
        rows("update reconciliation_state set last_run_at = last_run_at - interval '61 minutes' returning id");
        stripe.injectFault(500, 0, "GET", "/v1/events", Duration.ZERO);
        assertThatThrownBy(() -> reconciliation.runIfDue()).hasMessageContaining("Stripe unavailable");
        assertThat(count("reconciliation_state where run_until is not null and lease_owner is null")).isEqualTo(1);

        // The next tick takes the run up and finishes it; then it is an hour until the next one.
        stripe.clearFaults();
        assertThat(reconciliation.runIfDue()).isEqualTo(handled(paid.events()).size());
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
        assertThat(count("reconciliation_state where run_until is null and last_run_at > now() - interval '1 minute'")).isEqualTo(1);
        assertThat(reconciliation.runIfDue()).isEqualTo(-1);
    }

    @Test
    void whileARunWaitsForStripeItHoldsNoTransactionAndNoOtherRunStarts() throws Exception {
        stripe.webhookUrl(null);
        Person ada = registered();
        Outcome paid = subscribe(ada);
        // Stripe is slow on the first page (under the read timeout).
        stripe.injectFault(0, 1, "GET", "/v1/events", Duration.ofMillis(1500));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(reconciliation::runNow);
        try {
            // The claim is committed before Stripe is called: another connection sees the lease while the call waits.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> count("reconciliation_state where lease_owner is not null") == 1 || first.isDone());
            assertThat(first).isNotDone();
            // Another replica's run (or a tick) does not start meanwhile.
            assertThat(reconciliation.runNow()).isEqualTo(-1);
        } finally {
            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(handled(paid.events()).size());
        }
        assertThat(count("reconciliation_state where lease_owner is null and listed_until is not null")).isEqualTo(1);
        awaitAccount(ada.id(), account -> "pro".equals(account.get("plan")));
    }

    /** How many times Stripe was asked for its event list. */
    private long eventListings() {
        return stripe.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/v1/events")).count();
    }

    private static Map<String, Object> mapOf(Object... pairs) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
