package dev.orchestra.billing.client;

/**
 * Stripe could not be reached, timed out, answered 5xx or 429, or refused the API key: nothing the
 * request can change. Callers answer 503 (API) or try again later (worker).
 */
public class StripeUnavailableException extends RuntimeException {

    public StripeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
