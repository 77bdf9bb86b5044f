package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.domain.Origin;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's log (the head row, the changes) and the current state of each entity. */
@ApplicationScoped
public class ChangeLogRepository {

    /** The head of a user's log. */
    public record Head(long lastSeq, long prunedThrough) {
    }

    /** The latest state known of an entity. */
    public record EntityRow(EntityKind entity, UUID entityId, UUID projectId, long version, boolean deleted) {
    }

    private final Sql jdbc;

    public ChangeLogRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's head, locked: appends of one user are serialised, so seq has no gaps. */
    public Head lockHead(UUID userId) {
        jdbc.update("insert into user_logs (user_id) values (?) on conflict (user_id) do nothing", s -> s.setObject(1, userId));
        return jdbc.one("select last_seq, pruned_through from user_logs where user_id = ? for update", s -> s.setObject(1, userId),
                row -> new Head(row.getLong("last_seq"), row.getLong("pruned_through"))).orElseThrow();
    }

    public Head head(UUID userId) {
        return jdbc.one("select last_seq, pruned_through from user_logs where user_id = ?", s -> s.setObject(1, userId),
                row -> new Head(row.getLong("last_seq"), row.getLong("pruned_through"))).orElse(new Head(0, 0));
    }

    public void setLastSeq(UUID userId, long seq) {
        jdbc.update("update user_logs set last_seq = ? where user_id = ?", s -> {
            s.setLong(1, seq);
            s.setObject(2, userId);
        });
    }

    public Optional<EntityRow> entity(UUID userId, UUID entityId) {
        return jdbc.one("select entity, entity_id, project_id, version, deleted from entities where user_id = ? and entity_id = ?",
                s -> {
                    s.setObject(1, userId);
                    s.setObject(2, entityId);
                }, row -> new EntityRow(EntityKind.ofWire(row.getString("entity")), Sql.uuid(row, "entity_id"),
                        Sql.uuid(row, "project_id"), row.getLong("version"), row.getBoolean("deleted")));
    }

    public void append(UUID userId, Change change, Instant loggedAt) {
        jdbc.update("insert into changes (user_id, seq, entity, entity_id, op, version, data, origin_device, origin_mutation, at, "
                + "logged_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)", s -> {
                    s.setObject(1, userId);
                    s.setLong(2, change.seq());
                    s.setString(3, change.entity().wire());
                    s.setObject(4, change.entityId());
                    s.setString(5, change.op().wire());
                    s.setLong(6, change.version());
                    s.setString(7, change.dataJson());
                    s.setObject(8, change.origin() == null ? null : change.origin().deviceId());
                    if (change.origin() == null) {
                        s.setNull(9, Types.BIGINT);
                    } else {
                        s.setLong(9, change.origin().mutationId());
                    }
                    s.setTimestamp(10, Sql.timestamp(change.at()));
                    s.setTimestamp(11, Sql.timestamp(loggedAt));
                });
    }

    /** The entity's new state (a delete keeps a tombstone without data). */
    public void saveEntity(UUID userId, Change change, UUID projectId) {
        jdbc.update("insert into entities (user_id, entity_id, entity, project_id, version, deleted, data, seq, at) "
                + "values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (user_id, entity_id) do update set "
                + "version = excluded.version, deleted = excluded.deleted, data = excluded.data, seq = excluded.seq, "
                + "at = excluded.at, project_id = excluded.project_id", s -> {
                    s.setObject(1, userId);
                    s.setObject(2, change.entityId());
                    s.setString(3, change.entity().wire());
                    s.setObject(4, projectId);
                    s.setLong(5, change.version());
                    s.setBoolean(6, change.op() == Op.DELETE);
                    s.setString(7, change.dataJson());
                    s.setLong(8, change.seq());
                    s.setTimestamp(9, Sql.timestamp(change.at()));
                });
    }

    /**
     * A deleted project takes its files with it (ProjectDeleted stands for them): they become
     * tombstones of that change, out of snapshots, and any later event about them is a no-op.
     */
    public int dropFilesOf(UUID userId, UUID projectId, long seq, Instant at) {
        return jdbc.update("update entities set deleted = true, data = null, seq = ?, at = ? "
                + "where user_id = ? and project_id = ? and entity = 'file' and not deleted", s -> {
                    s.setLong(1, seq);
                    s.setTimestamp(2, Sql.timestamp(at));
                    s.setObject(3, userId);
                    s.setObject(4, projectId);
                });
    }

    /** Changes after a seq, oldest first, at most {@code limit}. */
    public List<Change> changesAfter(UUID userId, long afterSeq, int limit) {
        return jdbc.list("select seq, entity, entity_id, op, version, data::text as data, origin_device, origin_mutation, at "
                + "from changes where user_id = ? and seq > ? order by seq limit ?", s -> {
                    s.setObject(1, userId);
                    s.setLong(2, afterSeq);
                    s.setInt(3, limit);
                }, ChangeLogRepository::change);
    }

    /** Changes with from <= seq <= to. */
    public List<Change> changesBetween(UUID userId, long fromSeq, long toSeq) {
        return jdbc.list("select seq, entity, entity_id, op, version, data::text as data, origin_device, origin_mutation, at "
                + "from changes where user_id = ? and seq between ? and ? order by seq", s -> {
                    s.setObject(1, userId);
                    s.setLong(2, fromSeq);
                    s.setLong(3, toSeq);
                }, ChangeLogRepository::change);
    }

    /**
     * A page of the snapshot at seq {@code atSeq}: live entities whose state was made at or before
     * it (later ones reach the device through the log), projects first, each by id, after a position.
     */
    public List<Change> snapshotPage(UUID userId, long atSeq, EntityKind afterKind, UUID afterId, int limit) {
        int afterRank = afterKind == null ? 0 : (afterKind == EntityKind.PROJECT ? 1 : 2);
        return jdbc.list("select seq, entity, entity_id, version, data::text as data, at, "
                + "case entity when 'project' then 1 else 2 end as rank from entities "
                + "where user_id = ? and not deleted and seq <= ? "
                + "and (case entity when 'project' then 1 else 2 end, entity_id) > (?, ?) "
                + "order by rank, entity_id limit ?", s -> {
                    s.setObject(1, userId);
                    s.setLong(2, atSeq);
                    s.setInt(3, afterRank);
                    s.setObject(4, afterId == null ? new UUID(0, 0) : afterId);
                    s.setInt(5, limit);
                }, row -> new Change(row.getLong("seq"), EntityKind.ofWire(row.getString("entity")), Sql.uuid(row, "entity_id"),
                        Op.CREATE, row.getLong("version"), row.getString("data"), null, Sql.instant(row, "at")));
    }

    /** Drops changes older than the cutoff and moves each user's pruned mark; returns the changes dropped. */
    public int pruneBefore(Instant cutoff) {
        return jdbc.one("with pruned as (delete from changes where logged_at < ? returning user_id, seq), "
                + "marks as (select user_id, max(seq) as through from pruned group by user_id), "
                + "moved as (update user_logs l set pruned_through = greatest(l.pruned_through, m.through) from marks m "
                + "where l.user_id = m.user_id returning 1) "
                + "select (select count(*) from pruned) as dropped", s -> s.setTimestamp(1, Sql.timestamp(cutoff)),
                row -> row.getInt("dropped")).orElse(0);
    }

    /**
     * Tombstones whose change has been pruned from the log (its seq at or below the user's pruned
     * mark): the same age as the log, counted from the append.
     */
    public int prunePrunedTombstones() {
        return jdbc.update("delete from entities e using user_logs l where e.user_id = l.user_id and e.deleted "
                + "and e.seq <= l.pruned_through", s -> { });
    }

    private static Change change(ResultSet row) throws SQLException {
        UUID originDevice = Sql.uuid(row, "origin_device");
        Origin origin = originDevice == null ? null : new Origin(originDevice, row.getLong("origin_mutation"));
        return new Change(row.getLong("seq"), EntityKind.ofWire(row.getString("entity")), Sql.uuid(row, "entity_id"),
                Op.ofWire(row.getString("op")), row.getLong("version"), row.getString("data"), origin, Sql.instant(row, "at"));
    }
}
