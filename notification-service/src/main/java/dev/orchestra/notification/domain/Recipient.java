package dev.orchestra.notification.domain;

import java.util.UUID;

/** What billing mails are addressed to: a user's address and name at the user's {@code version}. */
public record Recipient(UUID userId, String email, String name, long version) {
}
