package dev.orchestra.engine.rest;

import dev.orchestra.engine.domain.ExtensionUpdate;
import dev.orchestra.engine.domain.SearchHit;
import dev.orchestra.engine.service.ExtensionService;
import dev.orchestra.engine.service.SearchService;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers as the API shows them (snake_case by platform's JSON conventions), with their OpenAPI schemas. */
final class Bodies {

    private Bodies() {
    }

    @Schema(name = "SearchHit", description = "One line of a file that matches the query")
    record Hit(
            @Schema(required = true, format = "uuid", description = "The file's id") String fileId,
            @Schema(required = true, description = "The file's path in the project", example = "src/main.rs") String path,
            @Schema(required = true, minimum = "1", description = "The line's number, from 1") int line,
            @Schema(required = true, description = "The line without its indentation; a window around the first match when long")
            String snippet,
            @Schema(required = true, description = "Relevance, higher is better (best first); compare within one answer only")
            double score) {

        static Hit of(SearchHit hit) {
            return new Hit(hit.fileId(), hit.path(), hit.line(), hit.snippet(), hit.score());
        }
    }

    @Schema(name = "SearchResult", description = "Hits, best first, and how many of the project's files wait to be indexed")
    record SearchResult(
            @Schema(required = true, description = "At most `limit` hits, best score first") List<Hit> hits,
            @Schema(required = true, minimum = "0", description = "Files of the project whose latest change the engine has not "
                    + "taken yet (their newest content may be missing from the hits)") long pendingFiles) {

        static SearchResult of(SearchService.Result result) {
            return new SearchResult(result.hits().stream().map(Hit::of).toList(), result.pendingFiles());
        }
    }

    @Schema(name = "EngineStatus", description = "The engine as the caller sees it")
    record EngineStatus(
            @Schema(required = true, description = "Whether the engine answers right now") boolean engineReachable,
            @Schema(required = true, minimum = "0", description = "The caller's files waiting to be indexed (or removed)")
            long pendingFiles,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    example = "2026-12-04T20:15:30.123Z",
                    description = "When the engine last took a change of the caller's files; null before the first")
            Instant lastIndexedAt) {

        static EngineStatus of(SearchService.Status status) {
            return new EngineStatus(status.engineReachable(), status.pendingFiles(), status.lastIndexedAt());
        }
    }

    @Schema(name = "ExtensionUpdate", description = "A newer version of an installed extension")
    record Extension(
            @Schema(required = true, example = "orchestra.git") String id,
            @Schema(required = true, example = "2.3.0") String installedVersion,
            @Schema(required = true, example = "2.4.0") String availableVersion,
            @Schema(required = true, format = "uri") String downloadUrl,
            @Schema(required = true, description = "May be empty") String releaseNotes) {

        static Extension of(ExtensionUpdate update) {
            return new Extension(update.id(), update.installedVersion(), update.availableVersion(), update.downloadUrl(),
                    update.releaseNotes());
        }
    }

    @Schema(name = "ExtensionsMeta")
    record ExtensionsMeta(
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    example = "2026-12-04T18:00:00.000Z",
                    description = "When the engine was last asked; null before the first check") Instant checkedAt,
            @Schema(required = true, nullable = true, description = "Always null: the list comes whole") String nextCursor) {
    }

    @Schema(name = "ExtensionList", description = "The updates the last check found, in the order of the installed set")
    record ExtensionList(@Schema(required = true) List<Extension> data, @Schema(required = true) ExtensionsMeta meta) {

        static ExtensionList of(ExtensionService.Updates updates) {
            return new ExtensionList(updates.updates().stream().map(Extension::of).toList(),
                    new ExtensionsMeta(updates.checkedAt(), null));
        }
    }

    @Schema(name = "SearchResponse")
    record SearchResponse(@Schema(required = true) SearchResult data) {
    }

    @Schema(name = "EngineStatusResponse")
    record EngineStatusResponse(@Schema(required = true) EngineStatus data) {
    }
}
