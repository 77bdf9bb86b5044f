package dev.orchestra.project.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A file of a project as stored. {@code content} is null when it was not loaded (listings) and on
 * tombstones, which keep no content (size 0, no hash).
 */
public record ProjectFile(UUID id, UUID projectId, String path, String content, long size, String contentHash, long version,
                          Instant createdAt, Instant updatedAt, boolean deleted) {

    public ProjectFile changed(String path, FileContent content, Instant at) {
        return new ProjectFile(id, projectId, path, content.text(), content.size(), content.hash(), version + 1, createdAt, at,
                false);
    }

    public ProjectFile tombstone(Instant at) {
        return new ProjectFile(id, projectId, path, null, 0, null, version + 1, createdAt, at, true);
    }

    public ProjectFile withoutContent() {
        return new ProjectFile(id, projectId, path, null, size, contentHash, version, createdAt, updatedAt, deleted);
    }
}
