package dev.orchestra.billing.domain;

import java.time.Instant;
import java.util.UUID;

/** An invoice of a user, as the invoice webhooks (each re-read from Stripe) last showed it. */
public record Invoice(UUID id, String stripeId, UUID userId, String customerId, String subscriptionId, String number,
                      String status, long amountDue, long amountPaid, String currency, Instant periodStart, Instant periodEnd,
                      String hostedInvoiceUrl, String invoicePdf, Instant createdAt) {
}
