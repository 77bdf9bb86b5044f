package dev.orchestra.sync.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.orchestra.platform.json.JsonConventions;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.Project;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.domain.Origin;
import dev.orchestra.sync.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * project-service's events as the change log keeps them (protobuf → domain): a project's or a file's
 * metadata as the JSON of a change's {@code data} (never a file's content), an origin, a rejection.
 * What devices are then shown of these is {@link Wire}'s. A field that cannot be read makes the event
 * unprocessable (its DLQ).
 */
@ApplicationScoped
public class ChangeData {

    /** An entity's new state, as project-service published it. {@code op} null: create or update as the log knows it. */
    record Incoming(EntityKind entity, UUID entityId, UUID projectId, Op op, long version, String dataJson, Instant at) {
    }

    // The platform's mapper: a project's settings keep their numbers exactly (JsonConventions).
    private final ObjectMapper json;

    public ChangeData(ObjectMapper json) {
        this.json = json;
    }

    Incoming project(Project project, Op op, Instant at) {
        ObjectNode data = json.createObjectNode();
        data.put("id", project.getId());
        data.put("name", project.getName());
        if (project.hasPath()) {
            data.put("path", project.getPath());
        } else {
            data.putNull("path");
        }
        data.set("settings", settings(project.getSettingsJson()));
        data.put("version", project.getVersion());
        data.put("created_at", timestamp(project.getCreatedAt()));
        data.put("updated_at", timestamp(project.getUpdatedAt()));
        if (project.hasLastSyncedAt()) {
            data.put("last_synced_at", timestamp(project.getLastSyncedAt()));
        } else {
            data.putNull("last_synced_at");
        }
        UUID id = uuid(project.getId());
        return new Incoming(EntityKind.PROJECT, id, null, project.getDeleted() ? Op.DELETE : op, project.getVersion(), write(data), at);
    }

    /** A file's metadata: never its content. */
    Incoming file(File file, Op op, Instant at) {
        ObjectNode data = json.createObjectNode();
        data.put("id", file.getId());
        data.put("project_id", file.getProjectId());
        data.put("path", file.getPath());
        data.put("size", file.getSize());
        data.put("content_hash", file.getContentHash());
        data.put("version", file.getVersion());
        data.put("created_at", timestamp(file.getCreatedAt()));
        data.put("updated_at", timestamp(file.getUpdatedAt()));
        return new Incoming(EntityKind.FILE, uuid(file.getId()), uuid(file.getProjectId()), file.getDeleted() ? Op.DELETE : op,
                file.getVersion(), write(data), at);
    }

    /** The rejection kept for the origin device ({@code id} 0 until recorded). */
    Rejection rejection(MutationRejected rejected, Origin origin, Instant at) {
        String current = switch (rejected.getCurrentCase()) {
            case CURRENT_PROJECT -> project(rejected.getCurrentProject(), Op.UPDATE, at).dataJson();
            case CURRENT_FILE -> file(rejected.getCurrentFile(), Op.UPDATE, at).dataJson();
            default -> null;
        };
        ObjectNode details = json.createObjectNode();
        rejected.getDetailsMap().forEach(details::put);
        return new Rejection(0, origin.deviceId(), origin.mutationId(), kind(rejected.getEntity()),
                uuid(rejected.getEntityId()), reason(rejected.getReason()), rejected.getMessage(), write(details),
                rejected.hasCurrentVersion() ? rejected.getCurrentVersion() : null, current, at);
    }

    /** Null when the event has none, or none of a device (a REST write). */
    static Origin origin(boolean present, dev.orchestra.proto.events.v1.Origin origin) {
        if (!present || origin.getDeviceId().isEmpty()) {
            return null;
        }
        return new Origin(uuid(origin.getDeviceId()), origin.getMutationId());
    }

    private JsonNode settings(String settingsJson) {
        if (settingsJson == null || settingsJson.isEmpty()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(settingsJson);
        } catch (JsonProcessingException e) {
            throw new UnprocessableEventException("a project whose settings are not JSON", e);
        }
    }

    private static String timestamp(Timestamp timestamp) {
        return JsonConventions.TIMESTAMP.format(EventCodec.instant(timestamp));
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EntityKind kind(EntityType type) {
        return switch (type) {
            case ENTITY_TYPE_PROJECT -> EntityKind.PROJECT;
            case ENTITY_TYPE_FILE -> EntityKind.FILE;
            default -> throw new UnprocessableEventException("a rejection of an unknown entity type: " + type);
        };
    }

    private static String reason(MutationRejected.Reason reason) {
        return switch (reason) {
            case REASON_STALE_VERSION -> "stale_version";
            case REASON_NOT_FOUND -> "not_found";
            case REASON_VALIDATION_FAILED -> "validation_failed";
            case REASON_PLAN_LIMIT -> "plan_limit";
            case REASON_CONFLICT -> "conflict";
            default -> throw new UnprocessableEventException("a rejection without a known reason: " + reason);
        };
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("an id that is not a UUID: " + text, e);
        }
    }
}
