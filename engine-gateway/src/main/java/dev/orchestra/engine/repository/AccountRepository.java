package dev.orchestra.engine.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Per user: when the engine last acknowledged a change of their files. */
@ApplicationScoped
public class AccountRepository {

    private final Sql jdbc;

    public AccountRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    public void indexedNow(UUID userId) {
        jdbc.execute("insert into accounts (user_id, last_indexed_at) values (?, now()) on conflict (user_id) do update "
                + "set last_indexed_at = greatest(accounts.last_indexed_at, excluded.last_indexed_at)", userId);
    }

    public Optional<Instant> lastIndexedAt(UUID userId) {
        return jdbc.queryOne("select last_indexed_at from accounts where user_id = ?", row -> Sql.instant(row, "last_indexed_at"),
                userId);
    }

    public void erase(UUID userId) {
        jdbc.execute("delete from accounts where user_id = ?", userId);
    }
}
