package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RejectionRepository {

    private static final String COLUMNS = "id, device_id, mutation_id, entity, entity_id, reason, message, details::text as details, "
            + "current_version, current_state::text as current_state, at";

    private final Sql jdbc;

    public RejectionRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a rejection once per (device, mutation): a redelivered outcome adds nothing. True when new. */
    public boolean record(UUID userId, Rejection rejection) {
        return jdbc.update("insert into rejections (user_id, device_id, mutation_id, entity, entity_id, reason, message, details, "
                + "current_version, current_state, at) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?) "
                + "on conflict (device_id, mutation_id) do nothing", s -> {
                    s.setObject(1, userId);
                    s.setObject(2, rejection.deviceId());
                    s.setLong(3, rejection.mutationId());
                    s.setString(4, rejection.entity().wire());
                    s.setObject(5, rejection.entityId());
                    s.setString(6, rejection.reason());
                    s.setString(7, rejection.message());
                    s.setString(8, rejection.detailsJson());
                    if (rejection.currentVersion() == null) {
                        s.setNull(9, Types.BIGINT);
                    } else {
                        s.setLong(9, rejection.currentVersion());
                    }
                    s.setString(10, rejection.currentJson());
                    s.setTimestamp(11, Sql.timestamp(rejection.at()));
                }) == 1;
    }

    /** The device's rejections after a position (their ids), oldest first. */
    public List<Rejection> after(UUID deviceId, long afterId, int limit) {
        return jdbc.list("select " + COLUMNS + " from rejections where device_id = ? and id > ? order by id limit ?", s -> {
            s.setObject(1, deviceId);
            s.setLong(2, afterId);
            s.setInt(3, limit);
        }, RejectionRepository::rejection);
    }

    public List<Rejection> ofMutation(UUID deviceId, long mutationId) {
        return jdbc.list("select " + COLUMNS + " from rejections where device_id = ? and mutation_id = ?", s -> {
            s.setObject(1, deviceId);
            s.setLong(2, mutationId);
        }, RejectionRepository::rejection);
    }

    public int pruneBefore(Instant cutoff) {
        return jdbc.update("delete from rejections where at < ?", s -> s.setTimestamp(1, Sql.timestamp(cutoff)));
    }

    private static Rejection rejection(ResultSet row) throws SQLException {
        return new Rejection(row.getLong("id"), Sql.uuid(row, "device_id"), row.getLong("mutation_id"),
                EntityKind.ofWire(row.getString("entity")), Sql.uuid(row, "entity_id"), row.getString("reason"),
                row.getString("message"), row.getString("details"), Sql.longOrNull(row, "current_version"),
                row.getString("current_state"), Sql.instant(row, "at"));
    }
}
