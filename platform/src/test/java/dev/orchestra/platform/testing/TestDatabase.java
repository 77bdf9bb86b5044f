package dev.orchestra.platform.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
}
