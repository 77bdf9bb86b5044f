package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.UserProfile;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Users' e-mail and name, as their UserRegistered/UserUpdated events said. */
@ApplicationScoped
public class UserRepository {

    private final Sql sql;

    public UserRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the state unless a newer or equal version is stored already: true when it was stored. */
    public boolean saveIfNewer(UserProfile user, Instant now) {
        return sql.execute("insert into users (user_id, email, name, version, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (user_id) do update set email = excluded.email, name = excluded.name, version = excluded.version, "
                + "updated_at = excluded.updated_at where users.version < excluded.version",
                user.userId(), user.email(), user.name(), user.version(), now) == 1;
    }

    public Optional<UserProfile> find(UUID userId) {
        return sql.queryOne("select user_id, email, name, version from users where user_id = ?",
                row -> new UserProfile(Sql.uuid(row, "user_id"), row.getString("email"), row.getString("name"), row.getLong("version")),
                userId);
    }

    public void delete(UUID userId) {
        sql.execute("delete from users where user_id = ?", userId);
    }
}
