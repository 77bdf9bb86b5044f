package dev.orchestra.platform.security;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    private final AgroalDataSource dataSource;
    private final Duration remember;

    public Revocations(AgroalDataSource dataSource,
                       @ConfigProperty(name = "orchestra.jwt.access-token-lifetime", defaultValue = "PT15M") Duration tokenLifetime) {
        this.dataSource = dataSource;
        // A minute more than a token lives: clocks of issuer and verifier may differ a little.
        this.remember = tokenLifetime.plusMinutes(1);
    }

    @Transactional
    public void revokeSessions(UUID userId, Collection<UUID> sessionIds, Instant revokedAt) {
        execute("insert into revoked_sessions (session_id, user_id, expires_at) values (?, ?, ?) "
                + "on conflict (session_id) do update set expires_at = greatest(revoked_sessions.expires_at, excluded.expires_at)",
                statement -> {
                    for (UUID session : sessionIds) {
                        statement.setObject(1, session);
                        statement.setObject(2, userId);
                        statement.setTimestamp(3, Timestamp.from(revokedAt.plus(remember)));
                        statement.addBatch();
                    }
                    statement.executeBatch();
                });
    }

    @Transactional
    public void markDeleted(UUID userId, Instant deletedAt) {
        execute("insert into deleted_users (user_id, deleted_at) values (?, ?) on conflict do nothing", statement -> {
            statement.setObject(1, userId);
            statement.setTimestamp(2, Timestamp.from(deletedAt));
            statement.executeUpdate();
        });
    }

    /** Whether a token of this user and session must be refused. */
    public boolean refuses(UUID userId, UUID sessionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select exists (select 1 from deleted_users where user_id = ?) "
                             + "or exists (select 1 from revoked_sessions where session_id = ? and expires_at > now())")) {
            query.setObject(1, userId);
            query.setObject(2, sessionId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        } catch (SQLException e) {
            // Without the check no token may pass: the caller is told to come back (503), not 401.
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot verify the session right now, retry shortly",
                    java.util.Map.of(), Duration.ofSeconds(1));
        }
    }

    public boolean isDeleted(UUID userId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select 1 from deleted_users where user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the deleted-user marker", e);
        }
    }

    @Scheduled(every = "{orchestra.revocations.prune-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void pruneExpired() {
        execute("delete from revoked_sessions where expires_at < now()", PreparedStatement::executeUpdate);
    }

    private interface Work {
        void run(PreparedStatement statement) throws SQLException;
    }

    private void execute(String sql, Work work) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            work.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a revocation", e);
        }
    }
}
