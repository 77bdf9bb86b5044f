package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.DeliveryLogEntry;
import java.time.Instant;
import java.util.UUID;

/**
 * A delivery as operators see it: where it stands and why, never its token, link or template data.
 * {@code recipient} is null for a billing mail not yet sent (its address is taken at send time).
 */
public record DeliveryView(UUID id, UUID eventId, String template, UUID userId, String recipient, String status, int attempts,
                           String lastError, Instant nextAttemptAt, Instant expiresAt, Instant createdAt, Instant updatedAt,
                           Instant sentAt) {

    static DeliveryView of(DeliveryLogEntry entry) {
        return new DeliveryView(entry.id(), entry.eventId(), entry.template(), entry.userId(), entry.email(), entry.status(),
                entry.attempts(), entry.lastError(), entry.nextAttemptAt(), entry.expiresAt(), entry.createdAt(), entry.updatedAt(),
                entry.sentAt());
    }
}
