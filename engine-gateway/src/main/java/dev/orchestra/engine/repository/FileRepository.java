package dev.orchestra.engine.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The highest version seen per file: what makes an older event a no-op. */
@ApplicationScoped
public class FileRepository {

    private final Sql jdbc;

    public FileRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the file at this version unless a newer one is known: true when the version is as new
     * as (or newer than) anything seen, false for an older event.
     */
    public boolean advance(UUID projectId, UUID fileId, UUID userId, long version, boolean removed) {
        return jdbc.execute("insert into files (project_id, file_id, user_id, version, removed) values (?, ?, ?, ?, ?) "
                + "on conflict (project_id, file_id) do update set version = excluded.version, removed = excluded.removed, "
                + "user_id = excluded.user_id where files.version <= excluded.version",
                projectId, fileId, userId, version, removed) == 1;
    }

    public void deleteProject(UUID projectId) {
        jdbc.execute("delete from files where project_id = ?", projectId);
    }

    public void eraseUser(UUID userId) {
        jdbc.execute("delete from files where user_id = ?", userId);
    }
}
