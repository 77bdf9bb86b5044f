package dev.orchestra.billing.client;

import java.time.Instant;
import java.util.List;

/** What this service reads of Stripe's objects, independent of stripe-java's model classes. */
public final class StripeRecords {

    private StripeRecords() {
    }

    /** A Checkout Session just made: its id and the page the user pays on. */
    public record CheckoutSession(String id, String url) {
    }

    /**
     * A subscription as Stripe shows it now. The period and price are those of its (first) item:
     * since the "basil" API versions, the period sits on the items.
     */
    public record Subscription(String id, String customerId, String status, String priceId, String interval,
                               Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant created) {
    }

    /**
     * An invoice as Stripe shows it now. Its subscription is under {@code parent.subscription_details};
     * the period paid for is that of its first line.
     */
    public record Invoice(String id, String customerId, String subscriptionId, String number, String status, long amountDue,
                          long amountPaid, String currency, Instant periodStart, Instant periodEnd, String hostedInvoiceUrl,
                          String invoicePdf, Instant nextPaymentAttempt, Instant created) {
    }

    /**
     * An event, verified or listed, with what this service needs of its object: the object's id and
     * type, its customer and — for a checkout session or an invoice — its subscription.
     *
     * @param payload the event as JSON, as received (webhook) or as listed (reconciliation)
     */
    public record Event(String id, String type, Instant created, String apiVersion, String objectType, String objectId,
                        String customerId, String subscriptionId, String clientReferenceId, String payload) {
    }

    /** One page of {@code GET /v1/events}, newest first. */
    public record EventPage(List<Event> events, boolean hasMore) {
    }
}
