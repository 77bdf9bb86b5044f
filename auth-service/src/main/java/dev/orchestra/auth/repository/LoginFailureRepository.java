package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.LoginFailure;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class LoginFailureRepository implements PanacheRepositoryBase<LoginFailure, Long> {

    /** Serialises the lockout decisions of one address until the transaction ends. */
    public void lockAddress(String emailHash) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "login:" + emailHash).getSingleResult();
    }

    /** The address's failures since the given time from every client, newest first, at most {@code limit}. */
    public List<Instant> recent(String emailHash, Instant since, int limit) {
        return find("select f.failedAt from LoginFailure f where f.emailHash = ?1 and f.failedAt > ?2 order by f.failedAt desc",
                emailHash, since).project(Instant.class).page(0, limit).list();
    }

    /** The same from one client only. */
    public List<Instant> recent(String emailHash, String clientKey, Instant since, int limit) {
        return find("select f.failedAt from LoginFailure f where f.emailHash = ?1 and f.clientKey = ?2 and f.failedAt > ?3 "
                + "order by f.failedAt desc", emailHash, clientKey, since).project(Instant.class).page(0, limit).list();
    }

    public void record(String emailHash, String clientKey, Instant at) {
        LoginFailure failure = new LoginFailure();
        failure.emailHash = emailHash;
        failure.clientKey = clientKey;
        failure.failedAt = at;
        persist(failure);
    }

    /** The client's failures for the address. */
    public long forget(String emailHash, String clientKey) {
        return delete("emailHash = ?1 and clientKey = ?2", emailHash, clientKey);
    }

    /** Every client's failures for the address. */
    public long forgetAll(String emailHash) {
        return delete("emailHash", emailHash);
    }

    public long deleteBefore(Instant cutoff) {
        return delete("failedAt <= ?1", cutoff);
    }
}
