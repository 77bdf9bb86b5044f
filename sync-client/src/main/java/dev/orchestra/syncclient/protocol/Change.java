package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One change of the user's log (a pull page's item, a socket frame's item): {@code seq}, {@code entity}
 * ({@code project}/{@code file}), {@code entity_id}, {@code op}, {@code version}, {@code data} (the entity's
 * metadata, never content; null for deletes), {@code origin} ({@code {device_id, mutation_id}}, null for REST
 * writes). Snapshot items are creates carrying the seq of their state.
 */
public record Change(long seq, String entity, UUID entityId, String op, long version, JsonNode data,
                     UUID originDevice, long originMutation) {

    public static Change of(JsonNode node) {
        JsonNode origin = node.get("origin");
        boolean hasOrigin = origin != null && !origin.isNull();
        JsonNode data = node.get("data");
        return new Change(node.path("seq").asLong(), Json.text(node, "entity"), Json.uuid(node, "entity_id"), Json.text(node, "op"),
                node.path("version").asLong(), data == null || data.isNull() ? null : data,
                hasOrigin ? Json.uuid(origin, "device_id") : null, hasOrigin ? origin.path("mutation_id").asLong() : 0);
    }

    public boolean isFile() {
        return "file".equals(entity);
    }

    public boolean isProject() {
        return "project".equals(entity);
    }

    public boolean isDelete() {
        return "delete".equals(op);
    }

    /** A file's project (null for deletes: their data is null, and the file is known by its id). */
    public UUID projectId() {
        return data == null ? null : Json.uuid(data, "project_id");
    }

    public String path() {
        return data == null ? null : Json.text(data, "path");
    }

    public String contentHash() {
        return data == null ? null : Json.text(data, "content_hash");
    }

    /** Whether this change is the outcome of the given device's mutation. */
    public boolean answers(UUID device) {
        return device.equals(originDevice);
    }
}
