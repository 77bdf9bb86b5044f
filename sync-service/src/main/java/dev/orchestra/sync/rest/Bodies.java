package dev.orchestra.sync.rest;

import dev.orchestra.platform.rest.PatchField;
import dev.orchestra.sync.domain.DailyStats;
import dev.orchestra.sync.service.PullService.Pulled;
import dev.orchestra.sync.service.Wire;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of this service's API as the wire shows them (snake_case by platform's JSON conventions),
 * with their OpenAPI schemas. A pull's changes and rejections are {@link Wire}'s records, the very ones the
 * socket frames carry, so a pull answers exactly what a frame carries.
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

    @Schema(name = "PullResult", description = "A page of changes for the device, and its rejections")
    record PullResult(
            @Schema(required = true, description = "At most a page (1,000) of changes, in `seq` order")
            List<Wire.ChangeView> changes,
            @Schema(required = true, description = "Pull on from here (opaque, for this user's device only)") String cursor,
            @Schema(required = true, description = "True while more pages, or changes since a snapshot, wait: pull until false")
            boolean hasMore,
            @Schema(required = true, minimum = "0", description = "The last of this device's mutations project-service has "
                    + "answered") long lastMutationId,
            @Schema(required = true, description = "This device's rejections since the cursor (all it still has for a snapshot)")
            List<Wire.RejectionView> rejected) {

        static PullResult of(Pulled pulled) {
            return new PullResult(pulled.changes().stream().map(Wire::change).toList(), pulled.cursor(), pulled.hasMore(),
                    pulled.lastMutationId(), pulled.rejected().stream().map(Wire::rejection).toList());
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
