package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.Delivery;
import java.time.Instant;
import java.util.UUID;

/**
 * A delivery as operators see it: where it stands and why, never its token, link or template data.
 * {@code recipient} is null for a billing mail not yet sent (its address is taken at send time).
 */
public record DeliveryView(UUID id, UUID eventId, String template, UUID userId, String recipient, String status, int attempts,
                           String lastError, Instant nextAttemptAt, Instant expiresAt, Instant createdAt, Instant updatedAt,
                           Instant sentAt) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), delivery.eventId(), delivery.kind().id(), delivery.userId(), delivery.email(),
                delivery.status().id(), delivery.attempts(), delivery.lastError(), delivery.nextAttemptAt(), delivery.expiresAt(),
                delivery.createdAt(), delivery.updatedAt(), delivery.sentAt());
    }
}
