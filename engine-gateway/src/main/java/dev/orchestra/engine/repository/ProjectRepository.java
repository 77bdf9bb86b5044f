package dev.orchestra.engine.repository;

import dev.orchestra.engine.domain.OwnedProject;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The ownership projection: project -> user, deleted. */
@ApplicationScoped
public class ProjectRepository {

    private final Sql jdbc;

    public ProjectRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OwnedProject> find(UUID projectId) {
        return jdbc.queryOne("select project_id, user_id, deleted from projects where project_id = ?",
                row -> new OwnedProject(Sql.uuid(row, "project_id"), Sql.uuid(row, "user_id"), row.getBoolean("deleted")), projectId);
    }

    /** A live project of the user at (at least) this version; a deleted one or another user's stays as it is. */
    public void seen(UUID projectId, UUID userId, long version) {
        jdbc.execute("insert into projects (project_id, user_id, version) values (?, ?, ?) "
                + "on conflict (project_id) do update set version = greatest(projects.version, excluded.version), updated_at = now() "
                + "where not projects.deleted and projects.user_id = excluded.user_id", projectId, userId, version);
    }

    /** Deleted for good (known or not yet). */
    public void markDeleted(UUID projectId, UUID userId, long version) {
        jdbc.execute("insert into projects (project_id, user_id, version, deleted) values (?, ?, ?, true) "
                + "on conflict (project_id) do update set deleted = true, version = greatest(projects.version, excluded.version), "
                + "updated_at = now() where projects.user_id = excluded.user_id", projectId, userId, version);
    }

    public List<UUID> liveProjectsOf(UUID userId) {
        return jdbc.query("select project_id from projects where user_id = ? and not deleted order by project_id",
                row -> Sql.uuid(row, "project_id"), userId);
    }

    public void eraseUser(UUID userId) {
        jdbc.execute("delete from projects where user_id = ?", userId);
    }
}
