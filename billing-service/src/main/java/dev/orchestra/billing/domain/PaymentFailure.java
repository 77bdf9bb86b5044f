package dev.orchestra.billing.domain;

import java.time.Instant;

/** The last failed payment of a user's invoice, shown until that invoice is paid or voided. */
public record PaymentFailure(String invoiceId, long amount, String currency, Instant failedAt, Instant nextAttemptAt,
                             String hostedInvoiceUrl) {
}
