package dev.orchestra.project.repository;

import java.sql.SQLException;

/** A statement failed; the {@link SQLException} (with its SQL state) is the cause. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String sql, SQLException cause) {
        super("SQL failed (state " + cause.getSQLState() + "): " + firstLine(sql), cause);
    }

    private static String firstLine(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }
}
