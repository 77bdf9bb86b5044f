package dev.orchestra.auth.repository;

import dev.orchestra.auth.domain.User;
import dev.orchestra.platform.paging.Keyset;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findByEmail(String emailNormalized) {
        return find("emailNormalized", emailNormalized).firstResultOptional();
    }

    public boolean emailTaken(String emailNormalized) {
        return count("emailNormalized", emailNormalized) > 0;
    }

    /** The user with its row locked until the transaction ends: changes to one user are serialised. */
    public Optional<User> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Newest first by (created_at, id), after the given position, optionally by e-mail prefix. */
    public List<User> page(String emailPrefix, Keyset after, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (emailPrefix != null) {
            // The prefix as a LIKE pattern: its own %, _ and \ match only themselves.
            query.append(" and emailNormalized like :prefix escape '\\'");
            parameters.and("prefix", emailPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            parameters.and("at", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), parameters).page(0, size).list();
    }
}
