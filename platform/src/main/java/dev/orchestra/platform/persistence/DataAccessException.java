package dev.orchestra.platform.persistence;

import java.sql.SQLException;

/**
 * A statement that failed, with the {@link SQLException} as its cause: platform's consumer reads the
 * SQL state through the cause chain to tell an outage (retried) from a bug (dead-lettered).
 */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String sql, SQLException cause) {
        super("SQL failed (state " + cause.getSQLState() + "): " + abbreviate(sql) + ": " + cause.getMessage(), cause);
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    public String sqlState() {
        return sqlException().getSQLState();
    }

    private static String abbreviate(String sql) {
        return sql.length() > 120 ? sql.substring(0, 117) + "..." : sql;
    }
}
