package dev.orchestra.project.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.service.FileService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The resources as the API shows them (snake_case by platform's JSON conventions). */
final class Bodies {

    private Bodies() {
    }

    record ProjectResponse(UUID id, String name, String path, @JsonRawValue String settings, long version, Instant createdAt,
                           Instant updatedAt, Instant lastSyncedAt) {
        static ProjectResponse of(Project project) {
            return new ProjectResponse(project.id(), project.name(), project.path(), project.settings(), project.version(),
                    project.createdAt(), project.updatedAt(), project.lastSyncedAt());
        }
    }

    /** A file; {@code content} only on single reads and in batch-get answers. */
    record FileResponse(UUID id, UUID projectId, String path, long size, String contentHash, long version, Instant createdAt,
                        Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String content) {
        static FileResponse of(ProjectFile file) {
            return new FileResponse(file.id(), file.projectId(), file.path(), file.size(), file.contentHash(), file.version(),
                    file.createdAt(), file.updatedAt(), file.content());
        }
    }

    /** {@code {"files": [...], "has_more": false, "missing": [...]}}. */
    record BatchResponse(List<FileResponse> files, boolean hasMore, List<UUID> missing) {
        static BatchResponse of(FileService.Batch batch) {
            return new BatchResponse(batch.files().stream().map(FileResponse::of).toList(), batch.hasMore(), batch.missing());
        }
    }
}
