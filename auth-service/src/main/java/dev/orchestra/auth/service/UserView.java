package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.User;
import java.time.Instant;
import java.util.UUID;

/** A user as the service hands it out: never the password hash. */
public record UserView(UUID id, String email, String name, String avatarUrl, String plan, String settingsJson,
                       boolean emailVerified, Instant createdAt, Instant updatedAt, long version) {

    static UserView of(User user) {
        return new UserView(user.id, user.email, user.name, user.avatarUrl, user.plan, user.settings, user.emailVerified,
                user.createdAt, user.updatedAt, user.version);
    }
}
