package dev.orchestra.sync.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A mutation project-service refused, for the device that pushed it: the fields of docs/architecture.md
 * section 4 ({@code currentVersion} and {@code currentJson} only for the user's own entity).
 */
public record Rejection(long id, UUID deviceId, long mutationId, EntityKind entity, UUID entityId, String reason,
                        String message, String detailsJson, Long currentVersion, String currentJson, Instant at) {
}
