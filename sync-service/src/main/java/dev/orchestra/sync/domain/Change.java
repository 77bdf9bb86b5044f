package dev.orchestra.sync.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a user's change log (or one entity of a snapshot): metadata only, {@code dataJson}
 * null for a delete. {@code origin} is null for a change made through the REST API.
 */
public record Change(long seq, EntityKind entity, UUID entityId, Op op, long version, String dataJson, Origin origin,
                     Instant at) {
}
