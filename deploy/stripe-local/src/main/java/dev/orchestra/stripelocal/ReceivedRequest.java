package dev.orchestra.stripelocal;

import java.time.Instant;
import java.util.Map;

/**
 * An API request as the server received it, for tests that check what billing-service sends to Stripe.
 *
 * @param params         the form fields and query parameters as sent, e.g. {@code line_items[0][price]}
 *                       (stripe-java indexes arrays: {@code expand[0]})
 * @param idempotencyKey the {@code Idempotency-Key} header, null if none
 * @param stripeVersion  the {@code Stripe-Version} header, null if none
 * @param status         the HTTP status answered
 * @param replayed       whether the answer was an idempotent replay
 */
public record ReceivedRequest(Instant at, String method, String path, Map<String, String> params,
        String idempotencyKey, String stripeVersion, String requestId, int status, boolean replayed) {
}
