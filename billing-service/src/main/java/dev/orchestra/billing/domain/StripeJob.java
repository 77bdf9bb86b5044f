package dev.orchestra.billing.domain;

import java.util.UUID;

/**
 * Work owed to Stripe that survives restarts and outages: erasing a deleted user's customer, or
 * giving a customer the user's new e-mail and name. The id is the job's attempt id (idempotency key).
 */
public record StripeJob(UUID id, Kind kind, UUID userId, String customerId, String email, String name, int attempts) {

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
