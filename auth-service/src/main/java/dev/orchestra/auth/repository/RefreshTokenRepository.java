package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.RefreshToken;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, String> {

    /** The session a token belongs to, read without loading the token (it is re-read under the session's lock). */
    public Optional<UUID> sessionOf(String tokenHash) {
        return find("select t.sessionId from RefreshToken t where t.tokenHash = ?1", tokenHash)
                .project(UUID.class).firstResultOptional();
    }

    /** Rotated tokens older than a token's lifetime can no longer be presented: only their hash is left. */
    public long deleteRotatedIssuedBefore(Instant cutoff) {
        return delete("rotatedAt is not null and issuedAt < ?1", cutoff);
    }
}
