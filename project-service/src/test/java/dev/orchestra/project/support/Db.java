package dev.orchestra.project.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Direct SQL for tests: seeding rows a test needs in bulk, and reading what the service stored. */
public final class Db {

    private Db() {
    }

    public static int execute(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void script(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row. */
    public static List<Object> column(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Object> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getObject(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * A transaction of the test's own, on a connection outside the service's pool: what it changes
     * stays locked (and uncommitted) until it commits or is closed (rolled back).
     */
    public static Connection transaction() {
        Config config = ConfigProvider.getConfig();
        try {
            java.util.Properties login = new java.util.Properties();
            login.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
            login.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
            Connection connection = new org.postgresql.Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class),
                    login);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A statement in a transaction of {@link #transaction()}. */
    public static int execute(Connection connection, String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Whether some statement waits for a lock (the service's, blocked by a test's {@link #transaction()}). */
    public static boolean someoneWaitsForALock(DataSource dataSource) {
        return ((Number) value(dataSource, "select count(*) from pg_locks where not granted")).longValue() > 0;
    }

    public static Object value(DataSource dataSource, String sql, Object... parameters) {
        List<Object> values = column(dataSource, sql, parameters);
        return values.isEmpty() ? null : values.get(0);
    }
}
