package dev.orchestra.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * For a service's Java migration: brings JSON stored before {@link JsonNumbers}' rule within it
 * ({@link JsonNumbers#withinRule}), row by row, logging each row it rewrites. Such rows answered 500
 * or carried 100,000 digits on every read; afterwards they read like any other.
 */
public final class StoredNumbers {

    private static final Logger LOG = Logger.getLogger(StoredNumbers.class);

    private StoredNumbers() {
    }

    /**
     * Rewrites the jsonb {@code column} of {@code table} wherever it holds a number outside the rule.
     * The names are the migration's own constants, never input. Returns how many rows changed.
     */
    public static int bringWithinRule(Connection connection, String table, String idColumn, String column) throws Exception {
        int rewritten = 0;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select " + idColumn + " as id, " + column + "::text as json from " + table
                     + " where " + column + " is not null");
             PreparedStatement update = connection.prepareStatement(
                     "update " + table + " set " + column + " = ?::jsonb where " + idColumn + " = ?")) {
            while (rows.next()) {
                JsonNode fixed = JsonNumbers.withinRule(JsonNumbers.read(rows.getString("json")));
                if (fixed != null) {
                    update.setString(1, JsonNumbers.canonicalText(fixed));
                    update.setObject(2, rows.getObject("id"));
                    update.executeUpdate();
                    rewritten++;
                    LOG.warnf("%s %s: %s held numbers outside the rule (stored before it); each is now a string of its exact value",
                            table, rows.getObject("id"), column);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("could not bring " + table + "." + column + " within the number rule", e);
        }
        return rewritten;
    }
}
