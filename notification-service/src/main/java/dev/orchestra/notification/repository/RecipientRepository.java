package dev.orchestra.notification.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.notification.domain.Recipient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Users' addresses and names, as their UserRegistered/UserUpdated events said. */
@ApplicationScoped
public class RecipientRepository {

    private final Sql sql;

    public RecipientRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the state unless a newer or equal version is stored already: true when it was stored. */
    public boolean saveIfNewer(Recipient recipient, Instant now) {
        return sql.update("insert into recipients (user_id, email, name, version, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (user_id) do update set email = excluded.email, name = excluded.name, version = excluded.version, "
                + "updated_at = excluded.updated_at where recipients.version < excluded.version", s -> {
                    s.setObject(1, recipient.userId());
                    s.setString(2, recipient.email());
                    s.setString(3, recipient.name());
                    s.setLong(4, recipient.version());
                    s.setTimestamp(5, Sql.timestamp(now));
                }) == 1;
    }

    public Optional<Recipient> find(UUID userId) {
        return sql.one("select user_id, email, name, version from recipients where user_id = ?", s -> s.setObject(1, userId),
                row -> new Recipient(row.getObject("user_id", UUID.class), row.getString("email"), row.getString("name"),
                        row.getLong("version")));
    }

    public void delete(UUID userId) {
        sql.update("delete from recipients where user_id = ?", s -> s.setObject(1, userId));
    }
}
