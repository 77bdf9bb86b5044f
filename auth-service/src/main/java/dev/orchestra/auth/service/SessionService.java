package dev.orchestra.auth.service;

import dev.orchestra.auth.domain.RefreshToken;
import dev.orchestra.auth.domain.Session;
import dev.orchestra.auth.domain.User;
import dev.orchestra.auth.repository.RefreshTokenRepository;
import dev.orchestra.auth.repository.SessionRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sessions: one per device's login (docs/architecture.md section 3). Starting one hands out its first refresh
 * token; ending any — logout, revocation from another device, password reset, reuse of a rotated
 * token — records the revocation here at once (so this service refuses its tokens in the same
 * commit) and publishes SessionsRevoked with exactly the ids that ended, so every other service and
 * socket follows.
 */
@ApplicationScoped
public class SessionService {

    /** What the session list shows of a session. */
    public record SessionView(UUID id, String userAgent, String ip, Instant createdAt, Instant lastUsedAt, boolean current) {
    }

    private final SessionRepository sessions;
    private final RefreshTokenRepository refreshTokens;
    private final AccessTokens accessTokens;
    private final Revocations revocations;
    private final UserEvents events;
    private final Clock clock;
    private final Duration refreshLifetime;
    private final Set<String> adminEmails;

    public SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, AccessTokens accessTokens,
                          Revocations revocations, UserEvents events, Clock clock,
                          @ConfigProperty(name = "orchestra.auth.refresh-token-lifetime") Duration refreshLifetime,
                          @ConfigProperty(name = "orchestra.auth.admin-emails") java.util.Optional<List<String>> adminEmails) {
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
        this.refreshLifetime = refreshLifetime;
        this.adminEmails = adminEmails.orElse(List.of()).stream().map(User::normalizeEmail).filter(e -> !e.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A new session for the user, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SignedIn start(User user, Device device) {
        Instant now = clock.instant();
        Session session = new Session();
        session.id = Ids.newId(clock);
        session.userId = user.id;
        session.userAgent = device.userAgent();
        session.ip = device.ip();
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = now.plus(refreshLifetime);
        sessions.persist(session);
        byte[] refresh = OpaqueTokens.random();
        issueRefreshToken(session, refresh, now);
        return signedIn(user, session, refresh);
    }

    /** The access token of a session and the refresh token given: a new sign-in body. */
    SignedIn signedIn(User user, Session session, byte[] refreshToken) {
        AccessTokens.Issued access = accessTokens.issue(user.id, session.id, user.email, user.plan, isAdmin(user));
        return new SignedIn(UserView.of(user), access.token(), OpaqueTokens.encode(refreshToken), access.expiresIn());
    }

    void issueRefreshToken(Session session, byte[] token, Instant now) {
        RefreshToken row = new RefreshToken();
        row.tokenHash = OpaqueTokens.hash(token);
        row.sessionId = session.id;
        row.issuedAt = now;
        refreshTokens.persist(row);
    }

    /** {@code admin} only for a configured address that is verified (docs/architecture.md section 3). */
    boolean isAdmin(User user) {
        return user.emailVerified && adminEmails.contains(user.emailNormalized);
    }

    /** Ends these sessions (locked by the caller) in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(UUID userId, List<Session> ended) {
        if (ended.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        ended.forEach(session -> session.revokedAt = now);
        List<UUID> ids = ended.stream().map(session -> session.id).toList();
        revocations.revokeSessions(userId, ids, now);
        events.sessionsRevoked(userId, ids);
    }

    /** Every active session of the user, ended (password reset). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endAll(UUID userId) {
        end(userId, sessions.lockActive(userId, clock.instant()));
    }

    @Transactional
    public Page<SessionView> list(UUID userId, UUID currentSession, String limit, String cursor) {
        PageRequest request = PageRequest.of(limit, cursor, "sessions:" + userId);
        List<Session> rows = sessions.activePage(userId, clock.instant(), request.after(), request.fetchSize());
        return request.page(rows, session -> new Keyset(session.createdAt, session.id),
                session -> new SessionView(session.id, session.userAgent, session.ip, session.createdAt, session.lastUsedAt,
                        session.id.equals(currentSession)));
    }

    /** Ends one of the user's active sessions; someone else's, an ended or an unknown one is a 404. */
    @Transactional
    public void revoke(UUID userId, UUID sessionId) {
        Session session = sessions.lock(sessionId)
                .filter(s -> s.userId.equals(userId) && s.isActive(clock.instant()))
                .orElseThrow(ApiException::notFound);
        end(userId, List.of(session));
    }

    /** Ends every active session of the user but the current one. */
    @Transactional
    public void revokeOthers(UUID userId, UUID currentSession) {
        List<Session> others = sessions.lockActive(userId, clock.instant()).stream()
                .filter(session -> !session.id.equals(currentSession)).toList();
        end(userId, others);
    }
}
