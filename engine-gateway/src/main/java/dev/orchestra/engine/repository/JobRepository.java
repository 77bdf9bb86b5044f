package dev.orchestra.engine.repository;

import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.domain.JobKind;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job table: one row per file with its latest version, one DropProject per project. Queueing,
 * claiming (one call in flight per row, {@code for update skip locked} across replicas) and
 * finishing, each only while the claim still holds.
 */
@ApplicationScoped
public class JobRepository {

    private static final int MAX_ERROR = 2000;
    private static final String COLUMNS =
            "id, kind, project_id, file_id, user_id, version, path, content, content_hash, revision, attempts, claim";

    private final Sql jdbc;

    public JobRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The file's work at this version replaces whatever was waiting for it (the newest version wins;
     * an older one never replaces a newer one). A call in flight keeps its claim: the new revision
     * is sent after it, never alongside it.
     */
    public void queueFile(JobKind kind, UUID projectId, UUID fileId, UUID userId, long version, String path, byte[] content,
                          String contentHash) {
        jdbc.execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (project_id, file_id) where file_id is not null do update set kind = excluded.kind, "
                + "user_id = excluded.user_id, version = excluded.version, path = excluded.path, content = excluded.content, "
                + "content_hash = excluded.content_hash, revision = jobs.revision + 1, attempts = 0, last_error = null, "
                + "failed_at = null, next_attempt_at = now(), "
                + "queued_at = case when jobs.status = 'pending' then jobs.queued_at else now() end, status = 'pending' "
                + "where jobs.version <= excluded.version and jobs.status <> 'cancelled'",
                kind.code(), projectId, fileId, userId, version, path, content, contentHash);
    }

    /** A DropProject for the project ({@code userId} null: a user erased, whose project goes anonymously). */
    public void queueDrop(UUID projectId, UUID userId) {
        jdbc.execute("insert into jobs (kind, project_id, user_id) values ('drop', ?, ?) "
                + "on conflict (project_id) where file_id is null do update set user_id = excluded.user_id, "
                + "revision = jobs.revision + 1, attempts = 0, last_error = null, failed_at = null, next_attempt_at = now(), "
                + "queued_at = case when jobs.status = 'pending' then jobs.queued_at else now() end, status = 'pending'",
                projectId, userId);
    }

    /**
     * The project's file work is dropped: rows waiting are deleted, rows with a call in flight are
     * cancelled (their content gone) and deleted when the call ends. The project's DropProject is
     * not claimed while such a call is in flight, so nothing of the project reaches the engine after it.
     */
    public void cancelFilesOfProject(UUID projectId) {
        jdbc.execute("delete from jobs where project_id = ? and file_id is not null "
                + "and (claimed_until is null or claimed_until < now())", projectId);
        jdbc.execute("update jobs set status = 'cancelled', path = null, content = null, content_hash = null, user_id = null "
                + "where project_id = ? and file_id is not null", projectId);
    }

    /** Everything of the user goes but their DropProjects, which stay without a user. */
    public void eraseUser(UUID userId) {
        jdbc.execute("update jobs set user_id = null where user_id = ? and file_id is null", userId);
        jdbc.execute("delete from jobs where user_id = ? and (claimed_until is null or claimed_until < now())", userId);
        jdbc.execute("update jobs set status = 'cancelled', path = null, content = null, content_hash = null, user_id = null "
                + "where user_id = ?", userId);
    }

    /**
     * Claims up to {@code limit} jobs that are due, oldest due first, for {@code lease}: a file's row
     * whose call is in flight is not due, nor a DropProject while a call for one of its project's
     * files is in flight. Each claim counts as an attempt.
     */
    public List<Job> claim(int limit, Duration lease) {
        UUID claim = UUID.randomUUID();
        return jdbc.query("with due as (select j.id from jobs j where j.status = 'pending' and j.next_attempt_at <= now() "
                + "and (j.claimed_until is null or j.claimed_until < now()) "
                + "and (j.file_id is not null or not exists (select 1 from jobs f where f.project_id = j.project_id "
                + "and f.file_id is not null and f.claimed_until >= now())) "
                + "order by j.next_attempt_at, j.id limit ? for update of j skip locked) "
                + "update jobs set claim = ?, claimed_until = now() + ? * interval '1 millisecond', attempts = jobs.attempts + 1 "
                + "from due where jobs.id = due.id returning " + qualified(), JobRepository::job, limit, claim, lease.toMillis());
    }

    /**
     * The engine did the job: the row goes, unless it was replaced meanwhile (then the newer revision
     * waits, due now). Returns the user whose file it was when the row went, else empty.
     */
    public Optional<UUID> finish(Job job) {
        List<Optional<UUID>> deleted = jdbc.query("delete from jobs where id = ? and claim = ? and (revision = ? or status = 'cancelled') "
                + "returning user_id, status", row -> "pending".equals(row.getString("status"))
                ? Optional.ofNullable(Sql.uuid(row, "user_id")) : Optional.<UUID>empty(), job.id(), job.claim(), job.revision());
        if (deleted.isEmpty()) {
            release(job);
            return Optional.empty();
        }
        return deleted.get(0);
    }

    /** Refused for good: kept as failed, never tried again (unless a newer version replaces it). True when marked. */
    public boolean fail(Job job, String error) {
        int marked = jdbc.execute("update jobs set status = 'failed', last_error = ?, failed_at = now(), claim = null, "
                + "claimed_until = null where id = ? and claim = ? and revision = ? and status = 'pending'",
                truncate(error), job.id(), job.claim(), job.revision());
        if (marked == 0) {
            release(job);
        }
        return marked == 1;
    }

    /** Tried again after {@code backoff}. */
    public void retryLater(Job job, String error, Duration backoff) {
        int updated = jdbc.execute("update jobs set last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond', "
                + "claim = null, claimed_until = null where id = ? and claim = ? and revision = ? and status = 'pending'",
                truncate(error), backoff.toMillis(), job.id(), job.claim(), job.revision());
        if (updated == 0) {
            release(job);
        }
    }

    /** Every pending job waiting out a backoff becomes due now (the engine is back). */
    public int dueNow() {
        return jdbc.execute("update jobs set next_attempt_at = now() where status = 'pending' and claim is null "
                + "and next_attempt_at > now()");
    }

    /** Gives the claim back: a cancelled row goes, a replaced one is due at once. */
    private void release(Job job) {
        jdbc.execute("delete from jobs where id = ? and claim = ? and status = 'cancelled'", job.id(), job.claim());
        jdbc.execute("update jobs set claim = null, claimed_until = null where id = ? and claim = ?", job.id(), job.claim());
    }

    /** Cancelled rows whose call ended without finishing them (a replica that died). */
    public int purgeAbandoned() {
        return jdbc.execute("delete from jobs where status = 'cancelled' and (claimed_until is null or claimed_until < now())");
    }

    /** The project's files still waiting for the engine (index or removal). */
    public long pendingFilesOfProject(UUID projectId) {
        return jdbc.number("select count(*) from jobs where project_id = ? and file_id is not null and status = 'pending'", projectId);
    }

    public long pendingFilesOfUser(UUID userId) {
        return jdbc.number("select count(*) from jobs where user_id = ? and file_id is not null and status = 'pending'", userId);
    }

    public long backlog() {
        return jdbc.number("select count(*) from jobs where status = 'pending'");
    }

    public long failed() {
        return jdbc.number("select count(*) from jobs where status = 'failed'");
    }

    public double oldestPendingAgeSeconds() {
        return jdbc.queryOne("select coalesce(extract(epoch from now() - min(queued_at)), 0) from jobs where status = 'pending'",
                row -> row.getDouble(1)).orElse(0.0);
    }

    private static String qualified() {
        StringBuilder columns = new StringBuilder();
        for (String column : COLUMNS.split(", ")) {
            columns.append(columns.length() == 0 ? "" : ", ").append("jobs.").append(column);
        }
        return columns.toString();
    }

    private static Job job(ResultSet row) throws SQLException {
        return new Job(row.getLong("id"), JobKind.of(row.getString("kind")), Sql.uuid(row, "project_id"), Sql.uuid(row, "file_id"),
                Sql.uuid(row, "user_id"), row.getLong("version"), row.getString("path"), row.getBytes("content"),
                row.getString("content_hash"), row.getLong("revision"), row.getInt("attempts"), Sql.uuid(row, "claim"));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
