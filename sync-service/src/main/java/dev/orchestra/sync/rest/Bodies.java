package dev.orchestra.sync.rest;

import dev.orchestra.platform.rest.PatchField;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.sync.domain.DailyStats;
import dev.orchestra.sync.service.PullService.Pulled;
import dev.orchestra.sync.service.Wire;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of this service's API as the wire shows them (snake_case by platform's JSON conventions),
 * with their OpenAPI schemas. The answers mirror {@link Wire}'s views field for field (the sockets send
 * those), so a pull answers exactly what a frame carries.
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * A push. Every field is read as sent ({@link PatchField}, {@link PushedData}), so the resource names each
     * wrong field of each mutation in one answer; {@code data} alone is kept raw, exactly as pushed.
     */
    @Schema(name = "PushRequest", description = "A device's mutations, in the order it made them")
    record PushRequest(
            @Schema(required = true, implementation = String.class, format = "uuid",
                    description = "The device: the first user to push, pull or connect with it owns it") PatchField<String> deviceId,
            @Schema(required = true, maxItems = 500, description = "At most 500; ids following on from the device's last "
                    + "submitted (those at or below it are acknowledged and dropped)") List<Mutation> mutations) {

        PushRequest {
            deviceId = PatchField.orAbsent(deviceId);
        }
    }

    @Schema(name = "Mutation", description = "One change the device made to a project or a file")
    record Mutation(
            @Schema(required = true, implementation = Long.class, minimum = "1",
                    description = "The device's own counter, from 1, without gaps") PatchField<Long> id,
            @Schema(required = true, implementation = String.class, enumeration = {"project", "file"}) PatchField<String> entity,
            @Schema(required = true, implementation = String.class, enumeration = {"create", "update", "delete"})
            PatchField<String> op,
            @Schema(required = true, implementation = String.class, format = "uuid") PatchField<String> entityId,
            @Schema(implementation = Long.class, nullable = true, minimum = "1", description = "The entity's version the "
                    + "change was made on (an update or delete of another version is rejected as stale_version)")
            PatchField<Long> baseVersion,
            @Schema(implementation = Map.class, type = SchemaType.OBJECT, nullable = true,
                    additionalProperties = Schema.True.class, description = "The entity's fields as project-service takes them "
                    + "(a project's name, path, settings; a file's path, content, …); stored and passed on exactly as pushed")
            PushedData data) {

        Mutation {
            id = PatchField.orAbsent(id);
            entity = PatchField.orAbsent(entity);
            op = PatchField.orAbsent(op);
            entityId = PatchField.orAbsent(entityId);
            baseVersion = PatchField.orAbsent(baseVersion);
            data = PushedData.orAbsent(data);
        }
    }

    @Schema(name = "PushResult")
    record PushResult(
            @Schema(required = true, minimum = "0", description = "The device's last mutation id now accepted")
            long lastSubmittedMutationId) {
    }

    @Schema(name = "PushResponse")
    record PushResponse(@Schema(required = true) PushResult data) {
    }

    /**
     * A pull. Both fields are read as sent ({@link PatchField}), so the resource checks {@code device_id}
     * before {@code cursor} and names a wrong one in its own words, whatever their order in the body.
     */
    @Schema(name = "PullRequest", description = "Where the device is")
    record PullRequest(
            @Schema(required = true, implementation = String.class, format = "uuid",
                    description = "The device: the first user to push, pull or connect with it owns it") PatchField<String> deviceId,
            @Schema(implementation = String.class, nullable = true, description = "The last answer's (or frame's) `cursor`; "
                    + "null or absent for a snapshot from the start") PatchField<String> cursor) {

        PullRequest {
            deviceId = PatchField.orAbsent(deviceId);
            cursor = PatchField.orAbsent(cursor);
        }
    }

    @Schema(name = "EntityMetadata", description = "An entity's state, never a file's content. A project: id, name, path "
            + "(null when unset), settings, version, created_at, updated_at, last_synced_at (null until synced). A file: id, "
            + "project_id, path, size, content_hash, version, created_at, updated_at.")
    record EntityMetadata(
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
    record OriginBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID deviceId,
            @Schema(required = true, minimum = "1") long mutationId) {

        static OriginBody of(Wire.OriginView origin) {
            return origin == null ? null : new OriginBody(origin.deviceId(), origin.mutationId());
        }
    }

    @Schema(name = "Change", description = "One entry of the user's change log (or of a snapshot): apply it as an upsert, or "
            + "a removal for a delete (a project's removes its files)")
    record Change(
            @Schema(required = true, minimum = "1", description = "Its place in the user's log, gapless") long seq,
            @Schema(required = true, enumeration = {"project", "file"}) String entity,
            @Schema(required = true, implementation = String.class, format = "uuid") UUID entityId,
            @Schema(required = true, enumeration = {"create", "update", "delete"}) String op,
            @Schema(required = true, minimum = "1") long version,
            @Schema(required = true, type = SchemaType.OBJECT, allOf = EntityMetadata.class, nullable = true,
                    description = "The entity's metadata; null for a delete") @JsonRawValue String data,
            @Schema(required = true, nullable = true, description = "The device mutation it answers; null for a REST write")
            OriginBody origin,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant at) {

        static Change of(Wire.ChangeView change) {
            return new Change(change.seq(), change.entity(), change.entityId(), change.op(), change.version(), change.data(),
                    OriginBody.of(change.origin()), change.at());
        }
    }

    /** {@code current_version} and {@code current} only for the user's own entity (absent otherwise), as in {@link Wire}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Rejection", description = "A mutation of this device's that project-service refused")
    record Rejection(
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

        static Rejection of(Wire.RejectionView rejection) {
            return new Rejection(rejection.mutationId(), rejection.entity(), rejection.entityId(), rejection.reason(),
                    rejection.message(), rejection.details(), rejection.currentVersion(), rejection.current());
        }
    }

    @Schema(name = "PullResult", description = "A page of changes for the device, and its rejections")
    record PullResult(
            @Schema(required = true, description = "At most a page (1,000) of changes, in `seq` order") List<Change> changes,
            @Schema(required = true, description = "Pull on from here (opaque, for this user's device only)") String cursor,
            @Schema(required = true, description = "True while more pages, or changes since a snapshot, wait: pull until false")
            boolean hasMore,
            @Schema(required = true, minimum = "0", description = "The last of this device's mutations project-service has "
                    + "answered") long lastMutationId,
            @Schema(required = true, description = "This device's rejections since the cursor (all it still has for a snapshot)")
            List<Rejection> rejected) {

        static PullResult of(Pulled pulled) {
            return new PullResult(pulled.changes().stream().map(Wire::change).map(Change::of).toList(), pulled.cursor(),
                    pulled.hasMore(), pulled.lastMutationId(),
                    pulled.rejected().stream().map(Wire::rejection).map(Rejection::of).toList());
        }
    }

    @Schema(name = "PullResponse")
    record PullResponse(@Schema(required = true) PullResult data) {
    }

    @Schema(name = "DailyStats", description = "One UTC day's sync activity across all users")
    record DailyStatsBody(
            @Schema(required = true, implementation = String.class, format = "date", example = "2026-11-25") LocalDate day,
            @Schema(required = true, minimum = "0") long pushes,
            @Schema(required = true, minimum = "0") long mutations,
            @Schema(required = true, minimum = "0") long rejections,
            @Schema(required = true, minimum = "0") long changes,
            @Schema(required = true, minimum = "0") long activeUsers) {

        static DailyStatsBody of(DailyStats day) {
            return new DailyStatsBody(day.day(), day.pushes(), day.mutations(), day.rejections(), day.changes(), day.activeUsers());
        }
    }

    @Schema(name = "StatsMeta")
    record StatsMeta(@Schema(required = true, nullable = true, description = "Always null: a range comes whole (at most 366 "
            + "days)") String nextCursor) {
    }

    @Schema(name = "DailyStatsList", description = "Each UTC day of the range with activity, oldest first")
    record DailyStatsList(@Schema(required = true) List<DailyStatsBody> data, @Schema(required = true) StatsMeta meta) {
    }
}
