package dev.orchestra.project.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.project.domain.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code projects} table. */
@ApplicationScoped
public class ProjectRepository {

    private static final String COLUMNS =
            "id, owner_id, name, path, settings::text as settings, version, created_at, updated_at, last_synced_at, deleted";

    private final Sql sql;

    public ProjectRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Project> find(UUID id) {
        return sql.queryOne("select " + COLUMNS + " from projects where id = ?", ProjectRepository::project, id);
    }

    /**
     * The project with its row locked until the transaction ends: every write to a project or its
     * files takes this lock first, which serialises them and orders the project's events.
     */
    public Optional<Project> lock(UUID id) {
        return sql.queryOne("select " + COLUMNS + " from projects where id = ? for update", ProjectRepository::project, id);
    }

    public boolean exists(UUID id) {
        return sql.queryOne("select 1 from projects where id = ?", row -> true, id).isPresent();
    }

    public long countLive(UUID ownerId) {
        return sql.number("select count(*) from projects where owner_id = ? and deleted = false", ownerId);
    }

    /** Live projects of an owner, newest first by (created_at, id), after a position. */
    public List<Project> pageLive(UUID ownerId, Keyset after, int limit) {
        if (after == null) {
            return sql.query("select " + COLUMNS + " from projects where owner_id = ? and deleted = false "
                    + "order by created_at desc, id desc limit ?", ProjectRepository::project, ownerId, limit);
        }
        return sql.query("select " + COLUMNS + " from projects where owner_id = ? and deleted = false "
                        + "and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?", ProjectRepository::project,
                ownerId, after.createdAt(), after.id(), limit);
    }

    /**
     * Inserts a new project; false when its id was taken meanwhile (by a transaction this one could
     * not see): no statement fails, so the transaction stays usable for the refusal.
     */
    public boolean insert(Project project) {
        return sql.execute("insert into projects (id, owner_id, name, path, settings, version, created_at, updated_at, "
                        + "last_synced_at, deleted) values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, false) on conflict (id) do nothing",
                project.id(), project.ownerId(), project.name(), project.path(), project.settings(), project.version(),
                project.createdAt(), project.updatedAt(), project.lastSyncedAt()) == 1;
    }

    /** Writes the new state of a project whose row this transaction has locked. */
    public void update(Project project) {
        sql.execute("update projects set name = ?, path = ?, settings = ?::jsonb, version = ?, updated_at = ?, last_synced_at = ?, "
                        + "deleted = ? where id = ?",
                project.name(), project.path(), project.settings(), project.version(), project.updatedAt(), project.lastSyncedAt(),
                project.deleted(), project.id());
    }

    /** Erases every project of a user, tombstones included; their files (tombstones too) go with them (cascade). */
    public int deleteAllOf(UUID ownerId) {
        return sql.execute("delete from projects where owner_id = ?", ownerId);
    }

    static Project project(ResultSet row) throws SQLException {
        return new Project(Sql.uuid(row, "id"), Sql.uuid(row, "owner_id"), row.getString("name"), row.getString("path"),
                row.getString("settings"), row.getLong("version"), Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"),
                Sql.instant(row, "last_synced_at"), row.getBoolean("deleted"));
    }
}
