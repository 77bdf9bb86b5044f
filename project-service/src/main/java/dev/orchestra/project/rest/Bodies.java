package dev.orchestra.project.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.service.FileService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answers as the API shows them (snake_case by platform's JSON conventions), with their OpenAPI
 * schemas: one concrete wrapper per answer ({@code {"data": ...}}, lists with {@code meta}), since
 * platform's generic {@code Data}/{@code Page} cannot be named per answer in the document.
 */
final class Bodies {

    private Bodies() {
    }

    @Schema(name = "Project", description = "One of the caller's live projects")
    record ProjectBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(required = true, minLength = 1, maxLength = 255, description = "Trimmed") String name,
            @Schema(required = true, nullable = true, maxLength = 1024, description = "Where the project lives on the desktop")
            String path,
            @Schema(required = true, implementation = Requests.Settings.class,
                    description = "The client's settings, a JSON object; numbers in canonical form (`1e2` is `100`)")
            @JsonRawValue String settings,
            @Schema(required = true, minimum = "1", description = "Grows by one with every change; the `ETag` is `\"<version>\"`")
            long version,
            @Schema(required = true, implementation = String.class, format = "date-time", example = "2026-11-25T10:15:30.123Z")
            Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time", example = "2026-11-25T10:15:30.123Z")
            Instant updatedAt,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    description = "The last create or update that came through sync; null when none did") Instant lastSyncedAt) {

        static ProjectBody of(Project project) {
            return new ProjectBody(project.id(), project.name(), project.path(), project.settings(), project.version(),
                    project.createdAt(), project.updatedAt(), project.lastSyncedAt());
        }
    }

    @Schema(name = "ProjectResponse")
    record ProjectResponse(@Schema(required = true) ProjectBody data) {

        static ProjectResponse of(Project project) {
            return new ProjectResponse(ProjectBody.of(project));
        }
    }

    @Schema(name = "PageMeta")
    record PageMeta(
            @Schema(required = true, nullable = true, description = "Pass as `cursor` for the next page; null on the last")
            String nextCursor) {
    }

    @Schema(name = "ProjectList", description = "A page of the caller's live projects, newest first")
    record ProjectList(@Schema(required = true) List<ProjectBody> data, @Schema(required = true) PageMeta meta) {

        static ProjectList of(Page<Project> page) {
            return new ProjectList(page.data().stream().map(ProjectBody::of).toList(), new PageMeta(page.meta().nextCursor()));
        }
    }

    /** A file; {@code content} only on single reads and in batch-get answers. */
    @Schema(name = "File", description = "A live file of one of the caller's projects")
    record FileBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(required = true, implementation = String.class, format = "uuid") UUID projectId,
            @Schema(required = true, maxLength = 1024, description = "In Unicode NFC", example = "src/main.rs") String path,
            @Schema(required = true, minimum = "0", description = "The content's length in bytes of UTF-8") long size,
            @Schema(required = true, minLength = 64, maxLength = 64, pattern = "^[0-9a-f]{64}$",
                    description = "SHA-256 of the content's UTF-8, lower-case hex") String contentHash,
            @Schema(required = true, minimum = "1", description = "Grows by one with every change; the `ETag` is `\"<version>\"`")
            long version,
            @Schema(required = true, implementation = String.class, format = "date-time", example = "2026-11-25T10:15:30.123Z")
            Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time", example = "2026-11-25T10:15:30.123Z")
            Instant updatedAt,
            @Schema(description = "The content, UTF-8 text: only in the answers of a file's GET and of batch-get (lists, creates "
                    + "and updates leave it out)")
            @JsonInclude(JsonInclude.Include.NON_NULL) String content) {

        static FileBody of(ProjectFile file) {
            return new FileBody(file.id(), file.projectId(), file.path(), file.size(), file.contentHash(), file.version(),
                    file.createdAt(), file.updatedAt(), file.content());
        }
    }

    @Schema(name = "FileResponse")
    record FileResponse(@Schema(required = true) FileBody data) {

        static FileResponse of(ProjectFile file) {
            return new FileResponse(FileBody.of(file));
        }
    }

    @Schema(name = "FileList", description = "A page of the project's live files, newest first, without content")
    record FileList(@Schema(required = true) List<FileBody> data, @Schema(required = true) PageMeta meta) {

        static FileList of(Page<ProjectFile> page) {
            return new FileList(page.data().stream().map(FileBody::of).toList(), new PageMeta(page.meta().nextCursor()));
        }
    }

    @Schema(name = "BatchGetResult", description = "The files asked for that fit in one answer, with their content")
    record BatchResult(
            @Schema(required = true, description = "Live files of the project, in the order asked, each once, with `content`")
            List<FileBody> files,
            @Schema(required = true, description = "True when the answer would have grown over 8 MiB: the first file that did "
                    + "not fit and all after it are left out; ask for them again") boolean hasMore,
            @Schema(required = true, description = "Ids asked for that are no live file of this project (unknown, deleted, "
                    + "elsewhere, someone else's)") List<UUID> missing) {

        static BatchResult of(FileService.Batch batch) {
            return new BatchResult(batch.files().stream().map(FileBody::of).toList(), batch.hasMore(), batch.missing());
        }
    }

    @Schema(name = "BatchGetResponse")
    record BatchGetResponse(@Schema(required = true) BatchResult data) {
    }
}
