package dev.orchestra.sync.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.Rejection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Changes and rejections as devices see them (docs/architecture.md section 6), the one shape of both: the
 * pull answer ({@code rest/Bodies.PullResult}) and the socket frames ({@link LiveUpdates}) carry these
 * records, and their OpenAPI schemas are documented here. A change's {@code data} is the entity's
 * metadata, null for a delete. Here and not in {@code rest}, which services may not reach.
 */
public final class Wire {

    private Wire() {
    }

    /** Documentation only: what a change's {@code data} and a rejection's {@code current} hold (kept as raw JSON). */
    @Schema(name = "EntityMetadata", description = "An entity's state, never a file's content. A project: id, name, path "
            + "(null when unset), settings, version, created_at, updated_at, last_synced_at (null until synced). A file: id, "
            + "project_id, path, size, content_hash, version, created_at, updated_at.")
    public record EntityMetadata(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(implementation = String.class, format = "uuid", description = "Files only") UUID projectId,
            @Schema(description = "Projects only") String name,
            @Schema(nullable = true, description = "A project's folder (nullable) or a file's path in its project") String path,
            @Schema(implementation = Map.class, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "Projects only: the project's own JSON object") Map<String, Object> settings,
            @Schema(minimum = "0", description = "Files only: bytes") Long size,
            @Schema(description = "Files only: the content's hash") String contentHash,
            @Schema(required = true, minimum = "1") long version,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant updatedAt,
            @Schema(implementation = String.class, format = "date-time", nullable = true, description = "Projects only")
            Instant lastSyncedAt) {
    }

    @Schema(name = "Origin", description = "The device mutation a change answers")
    public record OriginView(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID deviceId,
            @Schema(required = true, minimum = "1") long mutationId) {
    }

    @Schema(name = "Change", description = "One entry of the user's change log (or of a snapshot): apply it as an upsert, or "
            + "a removal for a delete (a project's removes its files)")
    public record ChangeView(
            @Schema(required = true, minimum = "1", description = "Its place in the user's log, gapless") long seq,
            @Schema(required = true, enumeration = {"project", "file"}) String entity,
            @Schema(required = true, implementation = String.class, format = "uuid") UUID entityId,
            @Schema(required = true, enumeration = {"create", "update", "delete"}) String op,
            @Schema(required = true, minimum = "1") long version,
            @Schema(required = true, type = SchemaType.OBJECT, allOf = EntityMetadata.class, nullable = true,
                    description = "The entity's metadata; null for a delete") @JsonRawValue String data,
            @Schema(required = true, nullable = true, description = "The device mutation it answers; null for a REST write")
            OriginView origin,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant at) {
    }

    /** {@code current_version} and {@code current} only for the user's own entity (absent otherwise). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Rejection", description = "A mutation of this device's that project-service refused")
    public record RejectionView(
            @Schema(required = true, minimum = "1") long mutationId,
            @Schema(required = true, enumeration = {"project", "file"}) String entity,
            @Schema(required = true, implementation = String.class, format = "uuid") UUID entityId,
            @Schema(required = true, description = "`stale_version`, `not_found`, `validation_failed`, `plan_limit` or "
                    + "`conflict`", example = "stale_version") String reason,
            @Schema(required = true, description = "For people") String message,
            @Schema(required = true, implementation = Map.class, type = SchemaType.OBJECT, additionalProperties = String.class,
                    description = "Field → its problem; empty when there is nothing more to say") @JsonRawValue String details,
            @Schema(minimum = "1", description = "The entity's version now; only for the user's own entity") Long currentVersion,
            @Schema(type = SchemaType.OBJECT, allOf = EntityMetadata.class,
                    description = "The entity's metadata now; only for the user's own entity") @JsonRawValue String current) {
    }

    public static ChangeView change(Change change) {
        return new ChangeView(change.seq(), change.entity().wire(), change.entityId(), change.op().wire(), change.version(),
                change.dataJson(), change.origin() == null ? null : new OriginView(change.origin().deviceId(), change.origin().mutationId()),
                change.at());
    }

    public static RejectionView rejection(Rejection rejection) {
        return new RejectionView(rejection.mutationId(), rejection.entity().wire(), rejection.entityId(), rejection.reason(),
                rejection.message(), rejection.detailsJson() == null ? "{}" : rejection.detailsJson(), rejection.currentVersion(),
                rejection.currentJson());
    }
}
