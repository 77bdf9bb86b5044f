package dev.orchestra.notification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the delivery log as the admin listing reads it: template and status as stored, never the
 * token or the template data, so that a row this version cannot send is still listed.
 */
public record DeliveryLogEntry(UUID id, UUID eventId, String template, UUID userId, String email, String status, int attempts,
                               String lastError, Instant nextAttemptAt, Instant expiresAt, Instant createdAt, Instant updatedAt,
                               Instant sentAt) {
}
