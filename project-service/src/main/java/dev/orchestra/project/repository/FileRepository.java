package dev.orchestra.project.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.project.domain.ProjectFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code files} table. Content is read only where it is asked for (single reads, batch-get). */
@ApplicationScoped
public class FileRepository {

    private static final String METADATA = "id, project_id, path, size, content_hash, version, created_at, updated_at, deleted";
    private static final String WITH_CONTENT = METADATA + ", content";

    /** One file of a batch-get: its metadata, and its content when it fits the answer. */
    public record BatchRow(ProjectFile file, boolean fits) {
    }

    private final Sql sql;

    public FileRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<ProjectFile> find(UUID id) {
        return sql.queryOne("select " + METADATA + " from files where id = ?", FileRepository::metadata, id);
    }

    public Optional<ProjectFile> findWithContent(UUID id) {
        return sql.queryOne("select " + WITH_CONTENT + " from files where id = ?", FileRepository::withContent, id);
    }

    /**
     * The file (metadata, tombstones too) with its row locked until the transaction ends. Every write
     * of a file changes its row before publishing its event, so what is read under this lock is the
     * state of the last event published for it, and an event after it comes after this transaction.
     */
    public Optional<ProjectFile> lock(UUID id) {
        return sql.queryOne("select " + METADATA + " from files where id = ? for update", FileRepository::metadata, id);
    }

    public boolean exists(UUID id) {
        return sql.queryOne("select 1 from files where id = ?", row -> true, id).isPresent();
    }

    /** The project a file belongs to (files never move between projects). */
    public Optional<UUID> projectOf(UUID id) {
        return sql.queryOne("select project_id from files where id = ?", row -> Sql.uuid(row, "project_id"), id);
    }

    public long countLive(UUID projectId) {
        return sql.number("select count(*) from files where project_id = ? and deleted = false", projectId);
    }

    /**
     * The path of a live file of the project other than {@code exceptId} that a file at {@code path}
     * would collide with on a case-insensitive disk ({@link PathKeys}): the same path after case
     * folding, a file where the path has a folder, or a file inside a folder the path would be.
     */
    public Optional<String> collidingPath(UUID projectId, String path, UUID exceptId) {
        PathKeys keys = PathKeys.of(projectId, path);
        // Same path, a file where a folder is (or the other way round), or a folder both lie in spelled
        // another way ("Docs/a" beside "docs/b": one folder on a case-insensitive disk, two names).
        return sql.queryOne("select path from files where deleted = false and project_id = ? and id is distinct from ? "
                        + "and (path_key = ? or path_key = any(?::text[]) or folder_keys @> array[?::text] "
                        + "or (folder_keys && ?::text[] and exists (select 1 from unnest(?::text[], ?::text[]) as f(folder_key, spelled) "
                        + "where f.folder_key = any(files.folder_keys) and not starts_with(files.path, f.spelled || '/')))) limit 1",
                row -> row.getString("path"), projectId, exceptId, keys.file(), keys.foldersLiteral(), keys.file(),
                keys.spelledKeysLiteral(), keys.spelledKeysLiteral(), keys.spelledLiteral());
    }

    /** Live files of a project, newest first by (created_at, id), after a position, without content. */
    public List<ProjectFile> pageLive(UUID projectId, Keyset after, int limit) {
        if (after == null) {
            return sql.query("select " + METADATA + " from files where project_id = ? and deleted = false "
                    + "order by created_at desc, id desc limit ?", FileRepository::metadata, projectId, limit);
        }
        return sql.query("select " + METADATA + " from files where project_id = ? and deleted = false "
                        + "and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?", FileRepository::metadata,
                projectId, after.createdAt(), after.id(), limit);
    }

    /**
     * Those of the ids that are live files of the project, in the order asked, in ONE statement (one
     * snapshot: sizes and content cannot disagree): each with what it costs in the answer — its
     * content as a JSON string ({@code content_json_bytes}), its path escaped (at most twice its
     * bytes) and {@code perFile} for the rest of its fields — and, while the running total stays
     * within {@code budget}, its content. Content that does not fit is not even read.
     */
    public List<BatchRow> batch(UUID projectId, List<UUID> ids, long perFile, long budget) {
        return sql.query("with asked as (select a.id, a.ord from unnest(?::uuid[]) with ordinality as a(id, ord)), "
                        + "live as (select f.*, asked.ord, sum(f.content_json_bytes + 2 * octet_length(f.path) + ?) "
                        + "over (order by asked.ord) as running from asked join files f on f.id = asked.id "
                        + "where f.project_id = ? and f.deleted = false) "
                        + "select " + METADATA + ", running <= ? as fits, case when running <= ? then content end as content "
                        + "from live order by ord",
                row -> new BatchRow(withContent(row), row.getBoolean("fits")), Sql.uuidArray(ids), perFile, projectId, budget,
                budget);
    }

    /**
     * Inserts a new file; false when a unique key refused it — its id (taken meanwhile) or its path
     * among the project's live files (any unique index, in fact) — without a failed statement, so the
     * transaction stays usable for the refusal.
     */
    public boolean insert(ProjectFile file) {
        PathKeys keys = PathKeys.of(file.projectId(), file.path());
        return sql.execute("insert into files (id, project_id, path, path_key, folder_keys, content, size, content_hash, version, "
                        + "created_at, updated_at, deleted) values (?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, false) on conflict do nothing",
                file.id(), file.projectId(), file.path(), keys.file(), keys.foldersLiteral(), file.content(), file.size(),
                file.contentHash(), file.version(), file.createdAt(), file.updatedAt()) == 1;
    }

    /** Writes the new state of a file whose project row this transaction has locked. */
    public void update(ProjectFile file) {
        PathKeys keys = PathKeys.of(file.projectId(), file.path());
        sql.execute("update files set path = ?, path_key = ?, folder_keys = ?::text[], content = ?, size = ?, content_hash = ?, "
                        + "version = ?, updated_at = ?, deleted = ? where id = ?",
                file.path(), keys.file(), keys.foldersLiteral(), file.content(), file.size(), file.contentHash(), file.version(),
                file.updatedAt(), file.deleted(), file.id());
    }

    /**
     * The live files of a project that became a tombstone become tombstones too: deleted, no
     * content, size 0, no hash, their version kept (no event is published for them: the project's
     * ProjectDeleted stands for them). Their rows stay, so their ids stay taken. Returns the bytes of
     * content they held.
     */
    public long tombstoneAllOf(UUID projectId, Instant at) {
        return sql.number("with live as (select id, size from files where project_id = ? and deleted = false), "
                + "gone as (update files f set deleted = true, content = null, content_hash = null, size = 0, updated_at = ? "
                + "from live where f.id = live.id returning live.size) "
                + "select coalesce(sum(size), 0) from gone", projectId, at);
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
