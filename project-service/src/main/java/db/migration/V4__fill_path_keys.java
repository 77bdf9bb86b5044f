package db.migration;

import dev.orchestra.project.repository.PathKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jboss.logging.Logger;

/**
 * Fills V3's path keys for the live files stored before them (in Java: the fold is platform's, not
 * the database's), then reports — never fails on — files that already collide by case or by folder.
 */
public class V4__fill_path_keys extends BaseJavaMigration {

    private static final Logger LOG = Logger.getLogger(V4__fill_path_keys.class);

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        int filled = 0;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select id, project_id, path from files where not deleted and path_key is null");
             PreparedStatement update = connection.prepareStatement("update files set path_key = ?, folder_keys = ?::text[] where id = ?")) {
            while (rows.next()) {
                PathKeys keys = PathKeys.of(rows.getObject("project_id", UUID.class), rows.getString("path"));
                update.setString(1, keys.file());
                update.setString(2, keys.foldersLiteral());
                update.setObject(3, rows.getObject("id", UUID.class));
                update.addBatch();
                if (++filled % 500 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
        LOG.infof("path keys filled for %d stored files", filled);
        report(connection);
    }

    private static void report(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select project_id, string_agg(path, ' | ' order by path) as paths "
                    + "from files where not deleted group by project_id, path_key having count(*) > 1")) {
                while (rows.next()) {
                    LOG.warnf("project %s has files whose paths differ only by case: %s (kept; a rename resolves it)",
                            rows.getString("project_id"), rows.getString("paths"));
                }
            }
            try (ResultSet rows = statement.executeQuery("select f.project_id, f.path as file, g.path as inside "
                    + "from files f join files g on g.folder_keys @> array[f.path_key] and not g.deleted "
                    + "where not f.deleted order by f.project_id, f.path")) {
                while (rows.next()) {
                    LOG.warnf("project %s has a file %s that is also a folder of %s (kept; a rename resolves it)",
                            rows.getString("project_id"), rows.getString("file"), rows.getString("inside"));
                }
            }
        }
    }
}
