package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Records the device for this user unless it exists; true when this call made it. */
    public boolean insertIfAbsent(UUID deviceId, UUID userId, Instant now) {
        return jdbc.update("insert into devices (id, user_id, created_at, last_seen_at) values (?, ?, ?, ?) on conflict (id) do nothing",
                s -> {
                    s.setObject(1, deviceId);
                    s.setObject(2, userId);
                    s.setTimestamp(3, Sql.timestamp(now));
                    s.setTimestamp(4, Sql.timestamp(now));
                }) == 1;
    }

    public Optional<DeviceRow> find(UUID deviceId, boolean lock, Instant seenAt) {
        // Seen: written at most once a day, so that reads stay reads.
        jdbc.update("update devices set last_seen_at = ? where id = ? and last_seen_at < ?", s -> {
            s.setTimestamp(1, Sql.timestamp(seenAt));
            s.setObject(2, deviceId);
            s.setTimestamp(3, Sql.timestamp(seenAt.minus(java.time.Duration.ofDays(1))));
        });
        return find(deviceId, lock);
    }

    /** Serialises the creation of one user's devices until the transaction ends (the limit's count). */
    public void lockNewDevicesOf(UUID userId) {
        jdbc.one("select pg_advisory_xact_lock(hashtextextended(?, 0))", s -> s.setString(1, "devices:" + userId), row -> 1);
    }

    public long countOf(UUID userId) {
        return jdbc.one("select count(*) from devices where user_id = ?", s -> s.setObject(1, userId), row -> row.getLong(1))
                .orElse(0L);
    }

    /** The user a forgotten device belonged to. */
    public Optional<UUID> forgottenOwner(UUID deviceId) {
        return jdbc.one("select user_id from forgotten_devices where id = ?", s -> s.setObject(1, deviceId),
                row -> Sql.uuid(row, "user_id"));
    }

    public void unforget(UUID deviceId) {
        jdbc.update("delete from forgotten_devices where id = ?", s -> s.setObject(1, deviceId));
    }

    /**
     * Forgets the devices not seen since the cutoff with nothing pending (every mutation they
     * submitted answered), their rejections with them, keeping a marker; returns how many.
     */
    public int forgetIdle(Instant cutoff, Instant now) {
        jdbc.update("delete from rejections r using devices d where r.device_id = d.id and d.last_seen_at < ? "
                + "and d.last_submitted_mutation_id = d.last_processed_mutation_id", s -> s.setTimestamp(1, Sql.timestamp(cutoff)));
        return jdbc.update("with gone as (delete from devices where last_seen_at < ? "
                + "and last_submitted_mutation_id = last_processed_mutation_id returning id, user_id) "
                + "insert into forgotten_devices (id, user_id, forgotten_at) select id, user_id, ? from gone "
                + "on conflict (id) do update set forgotten_at = excluded.forgotten_at", s -> {
                    s.setTimestamp(1, Sql.timestamp(cutoff));
                    s.setTimestamp(2, Sql.timestamp(now));
                });
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

    /** Each device's rejection mark, in one query (a poke's frames need every device's of the user). */
    public Map<UUID, Long> rejectionsPulledThrough(Collection<UUID> deviceIds) {
        Map<UUID, Long> marks = new HashMap<>();
        jdbc.query("select id, rejections_pulled_through from devices where id = any(?::uuid[])",
                row -> marks.put(row.getObject(1, UUID.class), row.getLong(2)), Sql.uuidArray(List.copyOf(deviceIds)));
        return marks;
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
