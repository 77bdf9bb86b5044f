package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.OneTimeToken;
import dev.orchestra.auth.domain.OneTimeToken.Purpose;
import dev.orchestra.auth.domain.User;
import dev.orchestra.auth.repository.OneTimeTokenRepository;
import dev.orchestra.auth.repository.UserRepository;
import dev.orchestra.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password reset: "forgot" answers the same whatever the address and, when an account has it (and
 * it asked no more than once a minute, and had fewer than 5 mails in the last 24 hours), publishes a
 * single-use token (1 h) for the mailer; "reset" sets the new password and ends every session of the
 * account. The caps keep a stranger from filling the owner's inbox.
 */
@ApplicationScoped
public class PasswordResetService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PasswordResetService.class);

    private final UserRepository users;
    private final OneTimeTokenRepository tokens;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final UserEvents events;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration requestInterval;
    private final int mailsPerDay;

    public PasswordResetService(UserRepository users, OneTimeTokenRepository tokens, SessionService sessions,
                                PasswordHasher hasher, LoginLockout lockout, UserEvents events, Clock clock,
                                @ConfigProperty(name = "orchestra.auth.reset-token-lifetime") Duration lifetime,
                                @ConfigProperty(name = "orchestra.auth.token-request-interval") Duration requestInterval,
                                @ConfigProperty(name = "orchestra.auth.reset-mails-per-day") int mailsPerDay) {
        this.mailsPerDay = mailsPerDay;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.hasher = hasher;
        this.lockout = lockout;
        this.events = events;
        this.clock = clock;
        this.lifetime = lifetime;
        this.requestInterval = requestInterval;
    }

    public void forgot(String email) {
        if (email == null || email.isBlank()) {
            throw ApiException.invalid("email", "E-mail is required");
        }
        String normalized = User.normalizeEmail(email);
        QuarkusTransaction.requiringNew().run(() -> users.findByEmail(normalized)
                .flatMap(found -> users.lock(found.id))
                .ifPresent(this::issueUnlessRecent));
    }

    private void issueUnlessRecent(User user) {
        Instant now = clock.instant();
        boolean recent = tokens.lastCreated(user.id, Purpose.RESET_PASSWORD)
                .map(last -> now.isBefore(last.plus(requestInterval))).orElse(false);
        if (recent) {
            // Answered the same (202): the mail of a minute ago is on its way.
            return;
        }
        if (tokens.resetMailsSince(user.id, now.minus(Duration.ofDays(1))) >= mailsPerDay) {
            // Answered the same (202), and no one learns the cap was reached for this address.
            LOG.infof("password reset for user %s not sent: %d mails in the last 24 hours", user.id, mailsPerDay);
            return;
        }
        tokens.recordResetMail(user.id, now);
        byte[] token = OpaqueTokens.random();
        OneTimeToken row = new OneTimeToken();
        row.tokenHash = OpaqueTokens.hash(token);
        row.userId = user.id;
        row.purpose = Purpose.RESET_PASSWORD;
        row.createdAt = now;
        row.expiresAt = now.plus(lifetime);
        tokens.persist(row);
        events.passwordResetRequested(user, OpaqueTokens.encode(token), row.expiresAt);
    }

    /** Sets the password of the token's account and ends all its sessions. */
    public void reset(String presented, String password) {
        Map<String, String> errors = new LinkedHashMap<>();
        byte[] token = OpaqueTokens.decode(presented);
        if (token == null) {
            errors.put("token", EmailVerificationService.UNUSABLE);
        }
        AccountRules.password(password, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String hash = OpaqueTokens.hash(token);
        // A cheap check first, so a dead token costs no password hash.
        boolean usable = QuarkusTransaction.requiringNew().call(() ->
                tokens.findByIdOptional(hash).filter(t -> t.purpose == Purpose.RESET_PASSWORD && t.isUsable(clock.instant())).isPresent());
        if (!usable) {
            throw ApiException.invalid("token", EmailVerificationService.UNUSABLE);
        }
        String passwordHash = hasher.hash(password);
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            // The user's row first, then the token's: the order an account deletion takes them in.
            User user = tokens.userOf(hash, Purpose.RESET_PASSWORD).flatMap(users::lock)
                    .orElseThrow(() -> ApiException.invalid("token", EmailVerificationService.UNUSABLE));
            tokens.lock(hash, Purpose.RESET_PASSWORD).filter(t -> t.isUsable(now))
                    .orElseThrow(() -> ApiException.invalid("token", EmailVerificationService.UNUSABLE));
            user.passwordHash = passwordHash;
            tokens.spendAll(user.id, Purpose.RESET_PASSWORD, now);
            lockout.reset(user.emailNormalized);
            sessions.endAll(user.id);
        });
    }
}
