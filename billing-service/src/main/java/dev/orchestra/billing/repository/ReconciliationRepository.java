package dev.orchestra.billing.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** How far reconciliation has listed Stripe's events. */
@ApplicationScoped
public class ReconciliationRepository {

    private final Sql sql;

    public ReconciliationRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Instant> listedUntil() {
        return sql.queryOne("select listed_until from reconciliation_state where id = 1", row -> Sql.instant(row, "listed_until"));
    }

    public void save(Instant listedUntil, Instant runAt, int healed) {
        sql.execute("insert into reconciliation_state (id, listed_until, last_run_at, last_healed) values (1, ?, ?, ?) "
                + "on conflict (id) do update set listed_until = excluded.listed_until, last_run_at = excluded.last_run_at, "
                + "last_healed = excluded.last_healed", listedUntil, runAt, healed);
    }
}
