package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * A mutation of this device that project-service refused: {@code reason} is one of {@code stale_version},
 * {@code not_found}, {@code validation_failed}, {@code plan_limit}, {@code conflict}; {@code details} field →
 * message; {@code current_version} and {@code current} (metadata) only for the user's own live entity.
 */
public record Rejection(long mutationId, String entity, UUID entityId, String reason, String message, JsonNode details,
                        Long currentVersion, JsonNode current) {

    public static final String STALE_VERSION = "stale_version";
    public static final String NOT_FOUND = "not_found";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String PLAN_LIMIT = "plan_limit";
    public static final String CONFLICT = "conflict";

    public static Rejection of(JsonNode node) {
        JsonNode current = node.get("current");
        return new Rejection(node.path("mutation_id").asLong(), Json.text(node, "entity"), Json.uuid(node, "entity_id"),
                Json.text(node, "reason"), Json.text(node, "message"), node.get("details"), Json.number(node, "current_version"),
                current == null || current.isNull() ? null : current);
    }

    /** The message with its details, for the log and {@code status}. */
    public String describe() {
        StringBuilder text = new StringBuilder(reason);
        if (message != null) {
            text.append(": ").append(message);
        }
        if (details != null && details.size() > 0) {
            text.append(' ').append(details);
        }
        return text.toString();
    }
}
