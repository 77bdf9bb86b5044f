package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.OneTimeToken;
import dev.orchestra.auth.domain.OneTimeToken.Purpose;
import dev.orchestra.auth.domain.User;
import dev.orchestra.auth.repository.OneTimeTokenRepository;
import dev.orchestra.auth.repository.UserRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * E-mail verification: a single-use token (24 h, stored as a hash) made at registration and on
 * request (at most once a minute), travelling only on {@code auth.tokens.v1} to the mailer.
 */
@ApplicationScoped
public class EmailVerificationService {

    static final String UNUSABLE = "The token is invalid, used or expired";

    private final UserRepository users;
    private final OneTimeTokenRepository tokens;
    private final UserEvents events;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration requestInterval;

    public EmailVerificationService(UserRepository users, OneTimeTokenRepository tokens, UserEvents events, Clock clock,
                                    @ConfigProperty(name = "orchestra.auth.verification-token-lifetime") Duration lifetime,
                                    @ConfigProperty(name = "orchestra.auth.token-request-interval") Duration requestInterval) {
        this.users = users;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
        this.lifetime = lifetime;
        this.requestInterval = requestInterval;
    }

    /** A new token for the user (locked by the caller), published for the mailer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void issue(User user, EmailVerificationRequested.Reason reason) {
        Instant now = clock.instant();
        byte[] token = OpaqueTokens.random();
        OneTimeToken row = new OneTimeToken();
        row.tokenHash = OpaqueTokens.hash(token);
        row.userId = user.id;
        row.purpose = Purpose.VERIFY_EMAIL;
        row.createdAt = now;
        row.expiresAt = now.plus(lifetime);
        tokens.persist(row);
        events.verificationRequested(user, reason, OpaqueTokens.encode(token), row.expiresAt);
    }

    /** Another verification mail: 409 when already verified, 429 within a minute of the last one. */
    @Transactional
    public void resend(UUID userId) {
        User user = users.lock(userId).orElseThrow(ApiException::notFound);
        if (user.emailVerified) {
            throw ApiException.conflict("The e-mail address is already verified");
        }
        Instant now = clock.instant();
        tokens.lastCreated(userId, Purpose.VERIFY_EMAIL).map(last -> last.plus(requestInterval)).filter(now::isBefore)
                .ifPresent(allowedAt -> {
                    throw ApiException.rateLimited(Duration.ofSeconds(Math.max(1, (Duration.between(now, allowedAt).toMillis() + 999) / 1000)));
                });
        issue(user, EmailVerificationRequested.Reason.REASON_RESEND);
    }

    /** Marks the token's account verified; a used, expired or unknown token is a 422 on {@code token}. */
    @Transactional
    public void verify(String presented) {
        byte[] token = OpaqueTokens.decode(presented);
        if (token == null) {
            throw ApiException.invalid("token", UNUSABLE);
        }
        Instant now = clock.instant();
        String hash = OpaqueTokens.hash(token);
        // The user's row first, then the token's: the order an account deletion takes them in.
        User user = tokens.userOf(hash, Purpose.VERIFY_EMAIL).flatMap(users::lock)
                .orElseThrow(() -> ApiException.invalid("token", UNUSABLE));
        tokens.lock(hash, Purpose.VERIFY_EMAIL).filter(t -> t.isUsable(now))
                .orElseThrow(() -> ApiException.invalid("token", UNUSABLE));
        tokens.spendAll(user.id, Purpose.VERIFY_EMAIL, now);
        if (!user.emailVerified) {
            user.emailVerified = true;
            user.changed(now);
            events.updated(user);
        }
    }
}
