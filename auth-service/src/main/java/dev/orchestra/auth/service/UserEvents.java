package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.User;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import dev.orchestra.proto.events.v1.PasswordResetRequested;
import dev.orchestra.proto.events.v1.SessionsRevoked;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import dev.orchestra.proto.events.v1.UserUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * The events of this context, written to the outbox in the caller's transaction (docs/architecture.md section
 * 4): user state and revocations on {@code auth.users.v1}, one-time tokens on {@code auth.tokens.v1}.
 * Call after the write that locks the user's row, so one user's events keep their commit order.
 */
@ApplicationScoped
public class UserEvents {

    public static final String USERS = "auth.users.v1";
    public static final String TOKENS = "auth.tokens.v1";

    private final Outbox outbox;
    private final Clock clock;

    public UserEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void registered(User user) {
        outbox.publish(USERS, users(user.id).setUserRegistered(UserRegistered.newBuilder().setUser(state(user))).build());
    }

    public void updated(User user) {
        outbox.publish(USERS, users(user.id).setUserUpdated(UserUpdated.newBuilder().setUser(state(user))).build());
    }

    public void deleted(UUID userId, Instant at) {
        // What the user's account would still have published (their e-mail, their name, tokens) is
        // dropped: UserDeleted supersedes it for every consumer.
        outbox.forgetUser(userId);
        outbox.publish(USERS, users(userId).setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(at))).build());
    }

    /** Exactly the sessions that just ended; nothing when none did. */
    public void sessionsRevoked(UUID userId, Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        outbox.publish(USERS, users(userId).setSessionsRevoked(SessionsRevoked.newBuilder()
                .addAllSessionIds(sessionIds.stream().map(UUID::toString).toList())).build());
    }

    public void verificationRequested(User user, EmailVerificationRequested.Reason reason, String token, Instant expiresAt) {
        outbox.publish(TOKENS, tokens(user.id).setEmailVerificationRequested(EmailVerificationRequested.newBuilder()
                .setReason(reason).setEmail(user.email).setName(user.name).setToken(token)
                .setExpiresAt(EventCodec.timestamp(expiresAt))).build(), expiresAt);
    }

    public void passwordResetRequested(User user, String token, Instant expiresAt) {
        outbox.publish(TOKENS, tokens(user.id).setPasswordResetRequested(PasswordResetRequested.newBuilder()
                .setEmail(user.email).setName(user.name).setToken(token).setExpiresAt(EventCodec.timestamp(expiresAt))).build(), expiresAt);
    }

    static dev.orchestra.proto.events.v1.User state(User user) {
        var state = dev.orchestra.proto.events.v1.User.newBuilder()
                .setId(user.id.toString())
                .setEmail(user.email)
                .setName(user.name)
                .setPlan(user.plan)
                .setSettingsJson(user.settings)
                .setEmailVerified(user.emailVerified)
                .setCreatedAt(EventCodec.timestamp(user.createdAt))
                .setUpdatedAt(EventCodec.timestamp(user.updatedAt))
                .setVersion(user.version);
        if (user.avatarUrl != null) {
            state.setAvatarUrl(user.avatarUrl);
        }
        return state.build();
    }

    private UserEnvelope.Builder users(UUID userId) {
        return UserEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString());
    }

    private TokenEnvelope.Builder tokens(UUID userId) {
        return TokenEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString());
    }
}
