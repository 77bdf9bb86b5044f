package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.RefreshToken;
import dev.orchestra.auth.domain.Session;
import dev.orchestra.auth.domain.User;
import dev.orchestra.auth.repository.RefreshTokenRepository;
import dev.orchestra.auth.repository.SessionRepository;
import dev.orchestra.auth.repository.UserRepository;
import dev.orchestra.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login, refresh-token rotation and logout (docs/architecture.md section 3).
 *
 * <p>Password checks run outside any transaction: a hash takes tens of milliseconds, and holding a
 * database connection meanwhile would make connections, not cores, the limit.
 */
@ApplicationScoped
public class SignInService {

    private static final String BAD_CREDENTIALS = "Invalid e-mail or password";
    private static final String BAD_REFRESH_TOKEN = "The refresh token is invalid, expired or revoked";

    private record Credentials(UUID userId, String passwordHash) {
    }

    /** What a refresh decided: new credentials, or the session ended for reuse of an old token. */
    private record Refreshed(SignedIn signedIn, boolean revokedForReuse) {
    }

    private final UserRepository users;
    private final SessionRepository sessions;
    private final RefreshTokenRepository refreshTokens;
    private final SessionService sessionService;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final Clock clock;
    private final String refreshKey;
    private final Duration refreshLifetime;
    private final Duration reuseGrace;

    public SignInService(UserRepository users, SessionRepository sessions, RefreshTokenRepository refreshTokens,
                         SessionService sessionService, PasswordHasher hasher, LoginLockout lockout, Clock clock,
                         @ConfigProperty(name = "orchestra.auth.refresh-token-key") String refreshKey,
                         @ConfigProperty(name = "orchestra.auth.refresh-token-lifetime") Duration refreshLifetime,
                         @ConfigProperty(name = "orchestra.auth.refresh-reuse-grace") Duration reuseGrace) {
        if (refreshKey == null || refreshKey.length() < 32) {
            throw new IllegalStateException("orchestra.auth.refresh-token-key (ORCHESTRA_AUTH_REFRESH_KEY) must be at least 32 characters");
        }
        this.users = users;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.sessionService = sessionService;
        this.hasher = hasher;
        this.lockout = lockout;
        this.clock = clock;
        this.refreshKey = refreshKey;
        this.refreshLifetime = refreshLifetime;
        this.reuseGrace = reuseGrace;
    }

    /**
     * A new session for the account with this e-mail and password. A wrong password and an unknown
     * e-mail get the same 401 and cost the same hash; both count towards the lockout of the address
     * from this device's client address.
     */
    public SignedIn login(String email, String password, Device device) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (email == null || email.isBlank()) {
            missing.put("email", "E-mail is required");
        }
        if (password == null || password.isEmpty()) {
            missing.put("password", "Password is required");
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalid(missing);
        }
        String normalized = User.normalizeEmail(email);
        Optional<Credentials> account = lockout.admit(normalized, device.ip(),
                () -> users.findByEmail(normalized).map(user -> new Credentials(user.id, user.passwordHash)));
        boolean matches = account.isPresent()
                ? hasher.verify(account.get().passwordHash(), password)
                : hasher.verifyAgainstNothing(password);
        if (!matches) {
            throw ApiException.unauthorized(BAD_CREDENTIALS);
        }
        Credentials credentials = account.get();
        // Parameters changed since this hash was made: replace it now that the password is known.
        String rehashed = hasher.needsRehash(credentials.passwordHash()) ? hasher.hash(password) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = users.lock(credentials.userId()).orElseThrow(() -> ApiException.unauthorized(BAD_CREDENTIALS));
            // The password was reset (or the account erased) while this one was being checked: it no longer signs in.
            if (!user.passwordHash.equals(credentials.passwordHash())) {
                throw ApiException.unauthorized(BAD_CREDENTIALS);
            }
            if (rehashed != null) {
                user.passwordHash = rehashed;
            }
            lockout.succeeded(normalized, device.ip());
            return sessionService.start(user, device);
        });
    }

    /**
     * Rotates a refresh token: the successor is HMAC(key, presented). The just-rotated token
     * presented again within the grace (a lost response, two concurrent refreshes) gets the same
     * successor and a fresh access token; later, or an older token, ends the whole session.
     */
    public SignedIn refresh(String presented) {
        byte[] token = OpaqueTokens.decode(presented);
        if (token == null) {
            throw ApiException.unauthorized(BAD_REFRESH_TOKEN);
        }
        String hash = OpaqueTokens.hash(token);
        Refreshed outcome = QuarkusTransaction.requiringNew().call(() -> {
            UUID sessionId = refreshTokens.sessionOf(hash).orElseThrow(() -> ApiException.unauthorized(BAD_REFRESH_TOKEN));
            // The session's lock serialises concurrent refreshes; the token is read after it.
            Session session = sessions.lock(sessionId).orElseThrow(() -> ApiException.unauthorized(BAD_REFRESH_TOKEN));
            RefreshToken current = refreshTokens.findById(hash);
            Instant now = clock.instant();
            if (current == null || !session.isActive(now) || !current.issuedAt.plus(refreshLifetime).isAfter(now)) {
                throw ApiException.unauthorized(BAD_REFRESH_TOKEN);
            }
            User user = users.findByIdOptional(session.userId).orElseThrow(() -> ApiException.unauthorized(BAD_REFRESH_TOKEN));
            byte[] successor = OpaqueTokens.derive(refreshKey, token);
            if (current.rotatedAt == null) {
                sessionService.issueRefreshToken(session, successor, now);
                current.rotatedAt = now;
                session.lastUsedAt = now;
                session.expiresAt = now.plus(refreshLifetime);
                return new Refreshed(sessionService.signedIn(user, session, successor), false);
            }
            RefreshToken next = refreshTokens.findById(OpaqueTokens.hash(successor));
            boolean withinGrace = !now.isAfter(current.rotatedAt.plus(reuseGrace));
            if (withinGrace && next != null && next.rotatedAt == null) {
                session.lastUsedAt = now;
                return new Refreshed(sessionService.signedIn(user, session, successor), false);
            }
            // A rotated token used again after the grace: someone else may hold it. The family ends.
            sessionService.end(session.userId, List.of(session));
            return new Refreshed(null, true);
        });
        if (outcome.revokedForReuse()) {
            throw ApiException.unauthorized(BAD_REFRESH_TOKEN);
        }
        return outcome.signedIn();
    }

    /** Ends the session of this refresh token; an unknown or ended one changes nothing (logout is idempotent). */
    public void logout(String presented) {
        byte[] token = OpaqueTokens.decode(presented);
        if (token == null) {
            return;
        }
        String hash = OpaqueTokens.hash(token);
        QuarkusTransaction.requiringNew().run(() -> refreshTokens.sessionOf(hash)
                .flatMap(sessions::lock)
                .filter(session -> session.isActive(clock.instant()))
                .ifPresent(session -> sessionService.end(session.userId, List.of(session))));
    }
}
