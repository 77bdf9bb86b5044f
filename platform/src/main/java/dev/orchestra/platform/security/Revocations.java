package dev.orchestra.platform.security;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.persistence.DataAccessException;
import dev.orchestra.platform.persistence.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this service knows of ended sessions and deleted users (docs/architecture.md section 3), in its own
 * schema so that every replica refuses the same tokens at once. A revoked session is remembered for
 * the access token's lifetime (after that its tokens have expired anyway); a deleted user for good.
 */
@ApplicationScoped
public class Revocations {

    private final Sql sql;
    private final Duration remember;

    public Revocations(Sql sql,
                       @ConfigProperty(name = "orchestra.jwt.access-token-lifetime", defaultValue = "PT15M") Duration tokenLifetime) {
        this.sql = sql;
        // A minute more than a token lives: clocks of issuer and verifier may differ a little.
        this.remember = tokenLifetime.plusMinutes(1);
    }

    @Transactional
    public void revokeSessions(UUID userId, Collection<UUID> sessionIds, Instant revokedAt) {
        for (UUID session : sessionIds) {
            sql.execute("insert into revoked_sessions (session_id, user_id, expires_at) values (?, ?, ?) "
                    + "on conflict (session_id) do update set expires_at = greatest(revoked_sessions.expires_at, excluded.expires_at)",
                    session, userId, revokedAt.plus(remember));
        }
    }

    @Transactional
    public void markDeleted(UUID userId, Instant deletedAt) {
        sql.execute("insert into deleted_users (user_id, deleted_at) values (?, ?) on conflict do nothing", userId, deletedAt);
    }

    /** Whether a token of this user and session must be refused. */
    public boolean refuses(UUID userId, UUID sessionId) {
        try {
            return sql.queryOne("select exists (select 1 from deleted_users where user_id = ?) "
                    + "or exists (select 1 from revoked_sessions where session_id = ? and expires_at > now())",
                    row -> row.getBoolean(1), userId, sessionId).orElseThrow();
        } catch (DataAccessException e) {
            // Without the check no token may pass: the caller is told to come back (503), not 401.
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot verify the session right now, retry shortly",
                    java.util.Map.of(), Duration.ofSeconds(1));
        }
    }

    public boolean isDeleted(UUID userId) {
        return sql.queryOne("select 1 from deleted_users where user_id = ?", row -> true, userId).isPresent();
    }

    @Scheduled(every = "{orchestra.revocations.prune-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void pruneExpired() {
        sql.execute("delete from revoked_sessions where expires_at < now()");
    }
}
