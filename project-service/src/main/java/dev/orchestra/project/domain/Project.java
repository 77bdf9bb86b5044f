package dev.orchestra.project.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A project as stored. {@code settings} is the JSON object's text. A tombstone ({@code deleted})
 * keeps id, owner, version and timestamps; name, path and settings are gone.
 */
public record Project(UUID id, UUID ownerId, String name, String path, String settings, long version, Instant createdAt,
                      Instant updatedAt, Instant lastSyncedAt, boolean deleted) {

    public boolean isLiveOf(UUID userId) {
        return !deleted && ownerId.equals(userId);
    }

    /** The next version with these fields; {@code lastSyncedAt} is kept unless given. */
    public Project changed(String name, String path, String settings, Instant at, Instant syncedAt) {
        return new Project(id, ownerId, name, path, settings, version + 1, createdAt, at,
                syncedAt != null ? syncedAt : lastSyncedAt, false);
    }

    public Project tombstone(Instant at) {
        return new Project(id, ownerId, null, null, null, version + 1, createdAt, at, lastSyncedAt, true);
    }
}
