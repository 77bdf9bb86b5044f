package dev.orchestra.notification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A due delivery a sender has locked, read without its template or data (which may be unreadable):
 * enough to record the outcome of the attempt whatever happens to it.
 */
public record DeliveryClaim(UUID id, int attempts, Instant expiresAt, Instant giveUpAt) {
}
