package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Everything this service keeps about one user, for erasure. */
@ApplicationScoped
public class UserDataRepository {

    private final Sql jdbc;

    public UserDataRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    public void erase(UUID userId) {
        for (String table : new String[] {"changes", "entities", "rejections", "devices", "user_logs", "daily_active_users", "accounts",
                "forgotten_devices"}) {
            jdbc.update("delete from " + table + " where user_id = ?", s -> s.setObject(1, userId));
        }
    }
}
