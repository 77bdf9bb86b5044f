package dev.orchestra.platform.paging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A position in a list sorted by {@code (created_at, id)}: the full sort key, with the timestamp at
 * PostgreSQL's microsecond precision, so that rows with equal timestamps are neither repeated nor
 * skipped across pages.
 */
public record Keyset(Instant createdAt, UUID id) {

    public Keyset {
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
    }

    static Keyset ofEpochMicros(long micros, UUID id) {
        return new Keyset(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }
}
