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
}
