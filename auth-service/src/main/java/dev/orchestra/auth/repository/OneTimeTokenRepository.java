package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.OneTimeToken;
import dev.orchestra.auth.domain.OneTimeToken.Purpose;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OneTimeTokenRepository implements PanacheRepositoryBase<OneTimeToken, String> {

    /** Whose token this is, read without loading it (it is locked after its user: the order deletion uses). */
    public Optional<UUID> userOf(String tokenHash, Purpose purpose) {
        return find("select t.userId from OneTimeToken t where t.tokenHash = ?1 and t.purpose = ?2", tokenHash, purpose)
                .project(UUID.class).firstResultOptional();
    }

    public Optional<OneTimeToken> lock(String tokenHash, Purpose purpose) {
        return find("tokenHash = ?1 and purpose = ?2", tokenHash, purpose).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** When the user last asked for a token of this purpose. */
    public Optional<Instant> lastCreated(UUID userId, Purpose purpose) {
        return find("select max(t.createdAt) from OneTimeToken t where t.userId = ?1 and t.purpose = ?2", userId, purpose)
                .project(Instant.class).firstResultOptional();
    }

    /** Using one token of a purpose spends the user's others of that purpose too. */
    public long spendAll(UUID userId, Purpose purpose, Instant at) {
        return update("usedAt = ?1 where userId = ?2 and purpose = ?3 and usedAt is null", at, userId, purpose);
    }

    /**
     * Counts the reset mails sent to the user since the given time, after forgetting older ones.
     * Call with the user's row locked, as {@link #recordResetMail} is.
     */
    public long resetMailsSince(UUID userId, Instant since) {
        getEntityManager().createNativeQuery("delete from password_reset_mails where user_id = :user and sent_at <= :since")
                .setParameter("user", userId).setParameter("since", since).executeUpdate();
        return ((Number) getEntityManager().createNativeQuery("select count(*) from password_reset_mails where user_id = :user")
                .setParameter("user", userId).getSingleResult()).longValue();
    }

    public void recordResetMail(UUID userId, Instant at) {
        getEntityManager().createNativeQuery("insert into password_reset_mails (user_id, sent_at) values (:user, :at)")
                .setParameter("user", userId).setParameter("at", at).executeUpdate();
    }

    public long deleteSpent(Instant now) {
        return delete("usedAt is not null or expiresAt <= ?1", now);
    }
}
