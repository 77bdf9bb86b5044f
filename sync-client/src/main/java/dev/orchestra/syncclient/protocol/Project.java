package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** A project as listed: id, name, version, last update. */
public record Project(UUID id, String name, long version, String updatedAt) {

    public static Project of(JsonNode node) {
        return new Project(Json.uuid(node, "id"), Json.text(node, "name"), node.path("version").asLong(), Json.text(node, "updated_at"));
    }
}
