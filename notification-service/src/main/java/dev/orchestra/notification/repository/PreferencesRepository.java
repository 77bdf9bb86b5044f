package dev.orchestra.notification.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.notification.domain.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Users' mail choices; a user without a row has the defaults. */
@ApplicationScoped
public class PreferencesRepository {

    private final Sql sql;

    public PreferencesRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Preferences> find(UUID userId) {
        return sql.one("select product_updates, billing_receipts from preferences where user_id = ?", s -> s.setObject(1, userId),
                row -> new Preferences(row.getBoolean("product_updates"), row.getBoolean("billing_receipts")));
    }

    /**
     * Sets the given choices (null = unchanged; a user's first row starts from the defaults) and
     * returns them all.
     */
    public Preferences update(UUID userId, Boolean productUpdates, Boolean billingReceipts, Instant now) {
        return sql.one("insert into preferences as p (user_id, product_updates, billing_receipts, updated_at) "
                + "values (?, coalesce(?, ?), coalesce(?, ?), ?) on conflict (user_id) do update set "
                + "product_updates = coalesce(?, p.product_updates), billing_receipts = coalesce(?, p.billing_receipts), "
                + "updated_at = excluded.updated_at returning product_updates, billing_receipts", s -> {
                    s.setObject(1, userId);
                    bool(s, 2, productUpdates);
                    s.setBoolean(3, Preferences.DEFAULTS.productUpdates());
                    bool(s, 4, billingReceipts);
                    s.setBoolean(5, Preferences.DEFAULTS.billingReceipts());
                    s.setTimestamp(6, Sql.timestamp(now));
                    bool(s, 7, productUpdates);
                    bool(s, 8, billingReceipts);
                }, row -> new Preferences(row.getBoolean("product_updates"), row.getBoolean("billing_receipts"))).orElseThrow();
    }

    public void delete(UUID userId) {
        sql.update("delete from preferences where user_id = ?", s -> s.setObject(1, userId));
    }

    private static void bool(java.sql.PreparedStatement statement, int index, Boolean value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.BOOLEAN);
        } else {
            statement.setBoolean(index, value);
        }
    }
}
