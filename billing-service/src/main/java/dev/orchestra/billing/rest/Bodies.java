package dev.orchestra.billing.rest;

import dev.orchestra.billing.domain.Account;
import dev.orchestra.billing.domain.Invoice;
import dev.orchestra.billing.domain.PaymentFailure;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of this service's API as the wire shows them (snake_case by platform's JSON conventions),
 * with their OpenAPI schemas. Shapes are checked here (types by Jackson, presence by bean validation);
 * the rules (which plan, which interval) are the service's.
 */
final class Bodies {

    private Bodies() {
    }

    @Schema(name = "CheckoutRequest", description = "The plan and how often it is paid")
    record CheckoutRequest(
            @Schema(required = true, enumeration = {"pro"}, description = "The paid plan (the only one)", example = "pro")
            @NotNull(message = "Required") String plan,
            @Schema(required = true, enumeration = {"month", "year"}, description = "The monthly or the yearly price",
                    example = "month")
            @NotNull(message = "Required") String interval) {
    }

    @Schema(name = "CheckoutSession", description = "A Stripe Checkout Session: send the user to `url` to pay")
    record CheckoutSession(
            @Schema(required = true, format = "uri", description = "Stripe's hosted checkout page") String url,
            @Schema(required = true, description = "The Checkout Session's id (`cs_…`), also in the success URL") String sessionId) {
    }

    @Schema(name = "CheckoutResponse")
    record CheckoutResponse(@Schema(required = true) CheckoutSession data) {
    }

    @Schema(name = "PortalSession", description = "A Stripe customer portal session: send the user to `url`")
    record PortalSession(@Schema(required = true, format = "uri", description = "Stripe's hosted portal page") String url) {
    }

    @Schema(name = "PortalResponse")
    record PortalResponse(@Schema(required = true) PortalSession data) {
    }

    @Schema(name = "PaymentFailure", description = "The last failed payment, until its invoice is paid or voided")
    record Failure(
            @Schema(required = true, description = "Stripe's invoice id (`in_…`)") String invoiceId,
            @Schema(required = true, minimum = "0", description = "The amount due, in minor units (cents)") long amount,
            @Schema(required = true, description = "ISO 4217, lower case", example = "usd") String currency,
            @Schema(required = true, format = "date-time", description = "When the payment failed") Instant failedAt,
            @Schema(required = true, nullable = true, format = "date-time",
                    description = "When Stripe tries again; null when it will not (the subscription becomes unpaid)")
            Instant nextAttemptAt,
            @Schema(required = true, nullable = true, format = "uri", description = "Where the user can pay the invoice")
            String hostedInvoiceUrl) {

        static Failure of(PaymentFailure failure) {
            return failure == null ? null : new Failure(failure.invoiceId(), failure.amount(), failure.currency(), failure.failedAt(),
                    failure.nextAttemptAt(), failure.hostedInvoiceUrl());
        }
    }

    @Schema(name = "Subscription", description = "The caller's plan and subscription")
    record SubscriptionBody(
            @Schema(required = true, enumeration = {"free", "pro"},
                    description = "The effective plan: pro while the status is active, trialing or past_due") String plan,
            @Schema(required = true, description = "Stripe's subscription status (active, trialing, past_due, unpaid, canceled, "
                    + "incomplete, incomplete_expired, paused), or `none` without a subscription", example = "active") String status,
            @Schema(required = true, nullable = true, description = "`month` or `year`; null without a subscription",
                    example = "month") String interval,
            @Schema(required = true, nullable = true, format = "date-time",
                    description = "When the current period ends (renews, or ends when cancel_at_period_end)") Instant currentPeriodEnd,
            @Schema(required = true) boolean cancelAtPeriodEnd,
            @Schema(required = true, minimum = "0", description = "Grows with every change of plan, status, period end or "
                    + "cancel_at_period_end (as in SubscriptionChanged)") long subscriptionVersion,
            @Schema(required = true, nullable = true, implementation = Failure.class) Failure lastPaymentFailure) {

        static SubscriptionBody of(Account account) {
            return new SubscriptionBody(account.state().plan().id(), account.state().status(), account.state().interval(),
                    account.state().currentPeriodEnd(), account.state().cancelAtPeriodEnd(), account.subscriptionVersion(),
                    Failure.of(account.lastFailure()));
        }
    }

    @Schema(name = "SubscriptionResponse")
    record SubscriptionResponse(@Schema(required = true) SubscriptionBody data) {
    }

    @Schema(name = "Invoice", description = "One of the caller's invoices")
    record InvoiceBody(
            @Schema(required = true, description = "Stripe's invoice id (`in_…`)") String id,
            @Schema(required = true, nullable = true, description = "The invoice number", example = "A1B2C3D4-0001") String number,
            @Schema(required = true, enumeration = {"open", "paid", "void", "uncollectible"}) String status,
            @Schema(required = true, minimum = "0", description = "The amount due, in minor units (cents)") long amount,
            @Schema(required = true, minimum = "0", description = "What was paid of it, in minor units") long amountPaid,
            @Schema(required = true, description = "ISO 4217, lower case", example = "usd") String currency,
            @Schema(required = true, nullable = true, format = "date-time", description = "Start of the service period billed")
            Instant periodStart,
            @Schema(required = true, nullable = true, format = "date-time", description = "End of the service period billed")
            Instant periodEnd,
            @Schema(required = true, nullable = true, format = "uri") String hostedInvoiceUrl,
            @Schema(required = true, nullable = true, format = "uri") String invoicePdf,
            @Schema(required = true, format = "date-time", description = "When Stripe made the invoice") Instant createdAt) {

        static InvoiceBody of(Invoice invoice) {
            return new InvoiceBody(invoice.stripeId(), invoice.number(), invoice.status(), invoice.amountDue(), invoice.amountPaid(),
                    invoice.currency(), invoice.periodStart(), invoice.periodEnd(), invoice.hostedInvoiceUrl(), invoice.invoicePdf(),
                    invoice.createdAt());
        }
    }

    @Schema(name = "InvoicesMeta")
    record InvoicesMeta(
            @Schema(required = true, nullable = true, description = "Pass as `cursor` for the next page; null on the last")
            String nextCursor) {
    }

    @Schema(name = "InvoiceList", description = "The caller's invoices, newest first")
    record InvoiceList(@Schema(required = true) List<InvoiceBody> data, @Schema(required = true) InvoicesMeta meta) {
    }

    @Schema(name = "WebhookReceipt", description = "What became of the event")
    record WebhookReceipt(
            @Schema(required = true, description = "Stripe's event id (`evt_…`)") String eventId,
            @Schema(required = true, enumeration = {"stored", "duplicate", "not_handled"},
                    description = "stored: applied shortly; duplicate: stored before, nothing more happens; not_handled: a type "
                            + "this service ignores") String outcome) {
    }

    @Schema(name = "WebhookResponse")
    record WebhookResponse(@Schema(required = true) WebhookReceipt data) {
    }

    /**
     * The webhook's body in the document: Stripe's event with the members this service reads (a signed
     * event without one is a 400), and Stripe's other members allowed. Never read into: the resource
     * takes the raw bytes, whose signature is checked first.
     */
    @Schema(name = "StripeEvent", type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
            description = "A Stripe event (`{\"id\": \"evt_…\", \"object\": \"event\", \"type\": …, \"created\": …, \"data\": "
                    + "{\"object\": …}, …}`) as Stripe sends it, signed in `Stripe-Signature`; Stripe's other members are allowed")
    record StripeEventSchema(
            @Schema(required = true, description = "Stripe's event id (`evt_…`)") String id,
            @Schema(required = true, description = "The event's type; one this service does not handle is answered 200 and "
                    + "ignored", example = "invoice.paid") String type,
            @Schema(required = true, description = "When Stripe made the event, in Unix seconds") long created,
            @Schema(required = true) StripeEventData data) {
    }

    @Schema(name = "StripeEventData", type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
            description = "The object the event is about; Stripe's other members (`previous_attributes`, …) are allowed")
    record StripeEventData(
            @Schema(required = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "The Stripe object (a checkout session, a subscription, an invoice, …) as Stripe sends it")
            Object object) {
    }
}
