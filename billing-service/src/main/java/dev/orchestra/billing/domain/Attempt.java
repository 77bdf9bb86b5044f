package dev.orchestra.billing.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A POST to Stripe, recorded before it is made. Its id is part of the call's idempotency key, so
 * the same attempt replays at Stripe and a new attempt makes something new.
 */
public record Attempt(UUID id, UUID userId, Purpose purpose, String priceId, Instant createdAt) {

    public enum Purpose {
        CUSTOMER("customer"),
        CHECKOUT("checkout"),
        PORTAL("portal"),
        CUSTOMER_UPDATE("customer_update");

        private final String id;

        Purpose(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Purpose of(String id) {
            for (Purpose purpose : values()) {
                if (purpose.id.equals(id)) {
                    return purpose;
                }
            }
            throw new IllegalArgumentException("unknown attempt purpose " + id);
        }
    }
}
