package dev.orchestra.billing.domain;

import java.util.UUID;

/** A user's e-mail and name as auth.users.v1 last said (the Stripe customer's). */
public record UserProfile(UUID userId, String email, String name, long version) {
}
