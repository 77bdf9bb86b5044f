package dev.orchestra.billing.domain;

import java.util.UUID;

/**
 * Work owed to Stripe that survives restarts and outages: erasing a deleted user's customer, or
 * giving a customer the user's new e-mail and name. The id is the job's attempt id (idempotency key).
 *
 * <p>An erasure names the customer, or — for a customer attempt that was still open (Stripe may have
 * made the customer without this service learning its id) — the attempt instead ({@code customerId}
 * null, {@code attemptId} set), with the e-mail and name the attempt was sent with: the job replays the
 * create call under the attempt's key to learn the customer, then erases it.
 */
public record StripeJob(UUID id, Kind kind, UUID userId, String customerId, UUID attemptId, String email, String name,
                        int attempts) {

    /** An erasure of a known customer. */
    public static StripeJob erase(UUID id, UUID userId, String customerId) {
        return new StripeJob(id, Kind.ERASE_CUSTOMER, userId, customerId, null, null, null, 0);
    }

    /** An erasure of the customer an open customer attempt made (or makes when replayed). */
    public static StripeJob eraseAttempt(UUID id, UUID userId, UUID attemptId, String email, String name) {
        return new StripeJob(id, Kind.ERASE_CUSTOMER, userId, null, attemptId, email, name, 0);
    }

    /** The customer's new e-mail and name. */
    public static StripeJob update(UUID id, UUID userId, String customerId, String email, String name) {
        return new StripeJob(id, Kind.UPDATE_CUSTOMER, userId, customerId, null, email, name, 0);
    }

    public enum Kind {
        ERASE_CUSTOMER("erase_customer"),
        UPDATE_CUSTOMER("update_customer");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind of(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown job kind " + id);
        }
    }
}
