package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository {

    /** A device's owner and its mutation counters. */
    public record DeviceRow(UUID id, UUID userId, long lastSubmittedMutationId, long lastProcessedMutationId) {
    }

    private final Sql jdbc;

    public DeviceRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the device for this user unless it is known already; returns its row, whoever owns it,
     * locked until the transaction ends when asked (one push of a device at a time).
     */
    public DeviceRow claim(UUID deviceId, UUID userId, Instant now, boolean lock) {
        jdbc.update("insert into devices (id, user_id, created_at) values (?, ?, ?) on conflict (id) do nothing", s -> {
            s.setObject(1, deviceId);
            s.setObject(2, userId);
            s.setTimestamp(3, Sql.timestamp(now));
        });
        return find(deviceId, lock).orElseThrow();
    }

    private Optional<DeviceRow> find(UUID deviceId, boolean lock) {
        return jdbc.one("select id, user_id, last_submitted_mutation_id, last_processed_mutation_id from devices where id = ?"
                + (lock ? " for update" : ""), s -> s.setObject(1, deviceId),
                row -> new DeviceRow(Sql.uuid(row, "id"), Sql.uuid(row, "user_id"), row.getLong("last_submitted_mutation_id"),
                        row.getLong("last_processed_mutation_id")));
    }

    public void advanceSubmitted(UUID deviceId, long mutationId) {
        jdbc.update("update devices set last_submitted_mutation_id = greatest(last_submitted_mutation_id, ?) where id = ?", s -> {
            s.setLong(1, mutationId);
            s.setObject(2, deviceId);
        });
    }

    /** The device was handed rejections up to this id by a pull. */
    public void pulledRejectionsThrough(UUID deviceId, long rejectionId) {
        jdbc.update("update devices set rejections_pulled_through = greatest(rejections_pulled_through, ?) where id = ?", s -> {
            s.setLong(1, rejectionId);
            s.setObject(2, deviceId);
        });
    }

    /** The highest rejection a pull handed to the device (0 before any). */
    public long rejectionsPulledThrough(UUID deviceId) {
        return jdbc.one("select rejections_pulled_through from devices where id = ?", s -> s.setObject(1, deviceId),
                row -> row.getLong(1)).orElse(0L);
    }

    /** Project-service answered this mutation: the device's processed id moves forward, never back. */
    public void advanceProcessed(UUID deviceId, UUID userId, long mutationId) {
        jdbc.update("update devices set last_processed_mutation_id = greatest(last_processed_mutation_id, ?) "
                + "where id = ? and user_id = ?", s -> {
                    s.setLong(1, mutationId);
                    s.setObject(2, deviceId);
                    s.setObject(3, userId);
                });
    }
}
