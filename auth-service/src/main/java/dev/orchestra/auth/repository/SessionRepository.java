package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.Session;
import dev.orchestra.platform.paging.Keyset;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** The session with its row locked: refreshes and revocations of one session are serialised. */
    public Optional<Session> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The user's sessions that are neither revoked nor expired, newest first, after a position. */
    public List<Session> activePage(UUID userId, Instant now, Keyset after, int size) {
        String query = "userId = :user and revokedAt is null and expiresAt > :now";
        Parameters parameters = Parameters.with("user", userId).and("now", now);
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", after.createdAt()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, size).list();
    }

    /** The user's active sessions, locked. */
    public List<Session> lockActive(UUID userId, Instant now) {
        return find("userId = ?1 and revokedAt is null and expiresAt > ?2 order by id", userId, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Ended sessions (revoked, or expired) go; their refresh tokens go with them. */
    public long deleteEnded(Instant now) {
        return delete("revokedAt is not null or expiresAt <= ?1", now);
    }
}
