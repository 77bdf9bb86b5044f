package dev.orchestra.stripelocal;

import com.google.gson.JsonObject;
import dev.orchestra.stripelocal.Events.Run;
import java.time.Clock;
import java.util.Locale;

/**
 * An invoice's life for one subscription period: a draft, finalized (number, hosted page, PDF), then paid,
 * failed (Stripe will retry) or voided. Called with the store's lock held.
 */
final class Invoices {

    /** How long after a failed payment Stripe tries again (its smart retries vary; three days here). */
    static final long RETRY_AFTER_SECONDS = 3 * 24 * 3600;

    private final Store store;
    private final Clock clock;
    private final String baseUrl;

    Invoices(Store store, Clock clock, String baseUrl) {
        this.store = store;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    private long now() {
        return clock.millis() / 1000;
    }

    /** The draft invoice of the subscription's current period (its item's price and quantity). */
    JsonObject draft(JsonObject customer, JsonObject sub, String reason, long periodStart, long periodEnd) {
        JsonObject item = Billing.item(sub);
        JsonObject price = item.getAsJsonObject(Billing.PRICE);
        JsonObject product = store.get(Json.str(price, Billing.PRODUCT), Billing.PRODUCT);
        String name = product == null ? Json.str(price, "id") : Json.str(product, "name");
        long quantity = item.get("quantity").getAsLong();
        String description = quantity + " × " + name + " (at "
                + Money.format(price.get("unit_amount").getAsLong(), Json.str(price, "currency")) + " / "
                + price.getAsJsonObject("recurring").get("interval").getAsString() + ")";
        return Shapes.invoice("in_1" + Ids.random(23), now(), customer, sub, item, reason, periodStart, periodEnd,
                description);
    }

    /** Finalizes a draft: its number from the customer's sequence, the hosted page and PDF links. */
    void finalizeDraft(JsonObject invoice, JsonObject customer, Run run) {
        long now = now();
        long sequence = customer.get("next_invoice_sequence").getAsLong();
        customer.addProperty("next_invoice_sequence", sequence + 1);
        String id = Json.str(invoice, "id");
        invoice.addProperty("number", Json.str(customer, "invoice_prefix") + "-" + String.format(Locale.ROOT, "%04d", sequence));
        invoice.addProperty("status", "open");
        invoice.addProperty("effective_at", now);
        invoice.addProperty("ending_balance", 0);
        invoice.addProperty("automatically_finalizes_at", (Number) null);
        invoice.addProperty("hosted_invoice_url", baseUrl + "/i/" + id);
        invoice.addProperty("invoice_pdf", baseUrl + "/i/" + id + "/pdf");
        invoice.addProperty("webhooks_delivered_at", now);
        invoice.getAsJsonObject("status_transitions").addProperty("finalized_at", now);
        store.changed();
        run.emit("invoice.finalized", invoice);
    }

    /** A payment attempt succeeds. */
    void pay(JsonObject invoice, Run run) {
        JsonObject before = invoice.deepCopy();
        invoice.addProperty("attempted", true);
        invoice.addProperty("attempt_count", invoice.get("attempt_count").getAsLong() + 1);
        invoice.add("amount_paid", invoice.get("amount_due"));
        invoice.addProperty("amount_remaining", 0);
        invoice.addProperty("status", "paid");
        invoice.addProperty("next_payment_attempt", (Number) null);
        invoice.getAsJsonObject("status_transitions").addProperty("paid_at", now());
        store.changed();
        JsonObject previous = Json.changed(before, invoice);
        run.emit("invoice.paid", invoice, previous);
        run.emit("invoice.payment_succeeded", invoice, previous);
    }

    /** A payment attempt fails; {@code last}: Stripe will not try again. */
    void fail(JsonObject invoice, boolean last, Run run) {
        JsonObject before = invoice.deepCopy();
        invoice.addProperty("attempted", true);
        invoice.addProperty("attempt_count", invoice.get("attempt_count").getAsLong() + 1);
        invoice.addProperty("next_payment_attempt", last ? null : now() + RETRY_AFTER_SECONDS);
        store.changed();
        run.emit("invoice.payment_failed", invoice, Json.changed(before, invoice));
    }

    /** The subscription's latest invoice, which must be open (awaiting payment). */
    JsonObject open(JsonObject sub) {
        JsonObject invoice = store.get(Json.str(sub, "latest_invoice"), Billing.INVOICE);
        if (invoice == null || !"open".equals(Json.str(invoice, "status"))) {
            throw ApiError.state("Subscription " + Json.str(sub, "id") + " is " + Json.str(sub, "status")
                    + " but its latest invoice is not open.");
        }
        return invoice;
    }

    /** Voids an open invoice (as from the dashboard). */
    void voidOpen(JsonObject invoice, Run run) {
        if (!"open".equals(Json.str(invoice, "status"))) {
            throw ApiError.state("You can only void an open invoice; " + Json.str(invoice, "id") + " is "
                    + Json.str(invoice, "status") + ".");
        }
        JsonObject before = invoice.deepCopy();
        invoice.addProperty("status", "void");
        invoice.addProperty("next_payment_attempt", (Number) null);
        invoice.getAsJsonObject("status_transitions").addProperty("voided_at", now());
        store.changed();
        run.emit("invoice.voided", invoice, Json.changed(before, invoice));
    }

    /** The subscription an invoice is for: {@code parent.subscription_details.subscription}. */
    static String subscriptionOf(JsonObject invoice) {
        JsonObject details = Json.child(invoice.getAsJsonObject("parent"), "subscription_details");
        return details == null ? null : Json.str(details, "subscription");
    }
}
