package dev.orchestra.billing.client;

/** Stripe answered a 4xx other than 401/403/429: it refused the request as made. */
public class StripeRefusedException extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;
    private final boolean idempotency;

    public StripeRefusedException(String message, int status, String code, String param, boolean idempotency, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.param = param;
        this.idempotency = idempotency;
    }

    public int status() {
        return status;
    }

    /** Stripe's error code ({@code resource_missing}, {@code idempotency_key_in_use}, ...), or null. */
    public String code() {
        return code;
    }

    /** The parameter Stripe named, or null. */
    public String param() {
        return param;
    }

    public boolean isMissing() {
        return "resource_missing".equals(code) || status == 404;
    }

    /** The same idempotency key is being used by a request still in flight (409): try again shortly. */
    public boolean isIdempotencyInFlight() {
        return idempotency && status == 409;
    }

    /** The idempotency key was first used with other parameters (400): this attempt cannot be replayed. */
    public boolean isIdempotencyMismatch() {
        return idempotency && status != 409;
    }
}
