package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.LoginFailure;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class LoginFailureRepository implements PanacheRepositoryBase<LoginFailure, Long> {

    /** The e-mail's failures since the given time, newest first, at most {@code limit}. */
    public List<Instant> recent(String emailNormalized, Instant since, int limit) {
        return find("select f.failedAt from LoginFailure f where f.emailNormalized = ?1 and f.failedAt > ?2 order by f.failedAt desc",
                emailNormalized, since).project(Instant.class).page(0, limit).list();
    }

    public void record(String emailNormalized, Instant at) {
        LoginFailure failure = new LoginFailure();
        failure.emailNormalized = emailNormalized;
        failure.failedAt = at;
        persist(failure);
    }

    public long forget(String emailNormalized) {
        return delete("emailNormalized", emailNormalized);
    }

    public long deleteBefore(Instant cutoff) {
        return delete("failedAt <= ?1", cutoff);
    }
}
