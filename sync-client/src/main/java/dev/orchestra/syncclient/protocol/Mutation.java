package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A mutation as pushed: {@code id} (per device, growing by one), {@code entity}, {@code op}, {@code entity_id},
 * {@code base_version} (the version the device last saw; required for update and delete), {@code data}.
 */
public record Mutation(long id, String entity, String op, UUID entityId, Long baseVersion, ObjectNode data) {

    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", id).put("entity", entity).put("op", op).put("entity_id", entityId.toString());
        if (baseVersion != null) {
            node.put("base_version", baseVersion);
        }
        if (data != null) {
            node.set("data", data);
        }
        return node;
    }
}
