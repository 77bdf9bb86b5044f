package dev.orchestra.project.repository;

import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.project.domain.ProjectFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code files} table. Content is read only where it is asked for (single reads, batch-get). */
@ApplicationScoped
public class FileRepository {

    private static final String METADATA = "id, project_id, path, size, content_hash, version, created_at, updated_at, deleted";
    private static final String WITH_CONTENT = METADATA + ", content";

    private final Sql sql;

    public FileRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<ProjectFile> find(UUID id) {
        return sql.one("select " + METADATA + " from files where id = ?", FileRepository::metadata, id);
    }

    public Optional<ProjectFile> findWithContent(UUID id) {
        return sql.one("select " + WITH_CONTENT + " from files where id = ?", FileRepository::withContent, id);
    }

    /** The project a file belongs to (files never move between projects). */
    public Optional<UUID> projectOf(UUID id) {
        return sql.one("select project_id from files where id = ?", row -> Sql.uuid(row, "project_id"), id);
    }

    public long countLive(UUID projectId) {
        return sql.number("select count(*) from files where project_id = ? and deleted = false", projectId);
    }

    /** Whether a live file of the project other than {@code exceptId} has this path. */
    public boolean livePathTaken(UUID projectId, String path, UUID exceptId) {
        return sql.one("select 1 from files where project_id = ? and md5(path) = md5(?) and path = ? and deleted = false "
                        + "and id is distinct from ?", row -> true, projectId, path, path, exceptId).isPresent();
    }

    /** Live files of a project, newest first by (created_at, id), after a position, without content. */
    public List<ProjectFile> pageLive(UUID projectId, Keyset after, int limit) {
        if (after == null) {
            return sql.list("select " + METADATA + " from files where project_id = ? and deleted = false "
                    + "order by created_at desc, id desc limit ?", FileRepository::metadata, projectId, limit);
        }
        return sql.list("select " + METADATA + " from files where project_id = ? and deleted = false "
                        + "and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?", FileRepository::metadata,
                projectId, after.createdAt(), after.id(), limit);
    }

    /** The sizes of those of the ids that are live files of the project. */
    public Map<UUID, Long> liveSizes(UUID projectId, List<UUID> ids) {
        Map<UUID, Long> sizes = new LinkedHashMap<>();
        sql.list("select id, size from files where project_id = ? and deleted = false and id = any(?::uuid[])",
                row -> sizes.put(Sql.uuid(row, "id"), row.getLong("size")), projectId, Sql.uuidArray(ids));
        return sizes;
    }

    /** Those of the ids that are live files of the project, with content. */
    public List<ProjectFile> liveWithContent(UUID projectId, List<UUID> ids) {
        return sql.list("select " + WITH_CONTENT + " from files where project_id = ? and deleted = false and id = any(?::uuid[])",
                FileRepository::withContent, projectId, Sql.uuidArray(ids));
    }

    /** Inserts a new file; false when its id was taken meanwhile (no statement fails). */
    public boolean insert(ProjectFile file) {
        return sql.update("insert into files (id, project_id, path, content, size, content_hash, version, created_at, updated_at, "
                        + "deleted) values (?, ?, ?, ?, ?, ?, ?, ?, ?, false) on conflict (id) do nothing",
                file.id(), file.projectId(), file.path(), file.content(), file.size(), file.contentHash(), file.version(),
                file.createdAt(), file.updatedAt()) == 1;
    }

    /** Writes the new state of a file whose project row this transaction has locked. */
    public void update(ProjectFile file) {
        sql.update("update files set path = ?, content = ?, size = ?, content_hash = ?, version = ?, updated_at = ?, deleted = ? "
                        + "where id = ?",
                file.path(), file.content(), file.size(), file.contentHash(), file.version(), file.updatedAt(), file.deleted(),
                file.id());
    }

    /** Removes every file of a project (it became a tombstone); returns the bytes of the live ones. */
    public long deleteAllOf(UUID projectId) {
        return sql.number("with removed as (delete from files where project_id = ? returning size, deleted) "
                + "select coalesce(sum(size) filter (where not deleted), 0) from removed", projectId);
    }

    static ProjectFile metadata(ResultSet row) throws SQLException {
        return file(row, null);
    }

    static ProjectFile withContent(ResultSet row) throws SQLException {
        return file(row, row.getString("content"));
    }

    private static ProjectFile file(ResultSet row, String content) throws SQLException {
        return new ProjectFile(Sql.uuid(row, "id"), Sql.uuid(row, "project_id"), row.getString("path"), content,
                row.getLong("size"), row.getString("content_hash"), row.getLong("version"), Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"), row.getBoolean("deleted"));
    }
}
