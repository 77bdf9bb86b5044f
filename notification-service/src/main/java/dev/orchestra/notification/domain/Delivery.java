package dev.orchestra.notification.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One mail to send for one event: the delivery log's row. {@code email} and {@code name} are the
 * event's for token mails; billing mails take the recipient's address when they are sent.
 * {@code token} is a one-time token, kept only until the delivery is final.
 */
public record Delivery(
        UUID id,
        UUID eventId,
        MailKind kind,
        UUID userId,
        String email,
        String name,
        String token,
        Instant expiresAt,
        Map<String, String> data,
        DeliveryStatus status,
        int attempts,
        String lastError,
        Instant nextAttemptAt,
        Instant giveUpAt,
        Instant createdAt,
        Instant updatedAt,
        Instant sentAt) {

    /** A new delivery, due at once. */
    public static Delivery pending(UUID id, UUID eventId, MailKind kind, UUID userId, String email, String name, String token,
                                   Instant expiresAt, Map<String, String> data, Instant now, Instant giveUpAt) {
        return new Delivery(id, eventId, kind, userId, email, name, token, expiresAt, Map.copyOf(data), DeliveryStatus.PENDING,
                0, null, now, giveUpAt, now, now, null);
    }
}
