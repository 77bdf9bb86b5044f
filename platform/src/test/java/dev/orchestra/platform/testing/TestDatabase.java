package dev.orchestra.platform.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Clean-up between tests: empties every table of the service's own schema but Flyway's history. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** {@code count(dataSource, "outbox")}, {@code count(dataSource, "probe_effects where name = 'x'")}. */
    public static long count(DataSource dataSource, String fromWhere) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from " + fromWhere)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count " + fromWhere, e);
        }
    }

    public static void clean(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "select tablename from pg_tables where schemaname = current_schema() and tablename <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    tables.add('"' + rows.getString(1) + '"');
                }
            }
            if (!tables.isEmpty()) {
                statement.execute("truncate " + String.join(", ", tables) + " restart identity cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not clean the test database", e);
        }
    }

    /** Rows of a query, each as column label → value. */
    public static List<Map<String, Object>> rows(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * An event of this user the broker never accepted, as the relay leaves it in {@code outbox_failed}
     * (an erasure must delete it). Returns its id.
     */
    public static long parkFailedEvent(DataSource dataSource, java.util.UUID userId) {
        long id = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into outbox_failed (id, topic, record_key, headers, payload, created_at, error) "
                        + "values (?, 'test.parked.v1', ?, '{}', ?, now(), 'parked by a test')")) {
            insert.setLong(1, id);
            insert.setString(2, userId.toString());
            insert.setBytes(3, new byte[] {1, 2, 3});
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("could not park a failed event", e);
        }
    }
}
