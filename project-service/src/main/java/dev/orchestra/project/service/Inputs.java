package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.project.domain.Refusal;
import java.util.Map;
import java.util.UUID;

/**
 * Field readers shared by every write, whether its JSON came as a REST body or as a sync
 * mutation's {@code data}: the same JSON gets the same answer either way.
 */
public final class Inputs {

    private Inputs() {
    }

    /** The body or data as an object; anything else → 422 {@code body}. */
    public static JsonNode object(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw Refusal.invalid("body", "Must be a JSON object");
        }
        return data;
    }

    /** An optional client-made id ({@code "id"} of a create body): null when absent; not a UUID → 422. */
    public static UUID optionalId(JsonNode body, String field) {
        JsonNode value = object(body).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return requiredIdValue(value, field);
    }

    /** A required UUID field. */
    public static UUID requiredId(JsonNode body, String field) {
        JsonNode value = object(body).get(field);
        if (value == null || value.isNull()) {
            throw Refusal.invalid(field, "Required");
        }
        return requiredIdValue(value, field);
    }

    private static UUID requiredIdValue(JsonNode value, String field) {
        UUID id = value.isTextual() ? Ids.parseOrNull(value.asText()) : null;
        if (id == null) {
            throw Refusal.invalid(field, "Must be a UUID");
        }
        return id;
    }

    /** {@code "version"} of a PUT body, or null when absent; not a positive whole number → 422. */
    public static Long bodyVersion(JsonNode body) {
        JsonNode version = object(body).get("version");
        if (version == null || version.isNull()) {
            return null;
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 1) {
            throw Refusal.invalid("version", "Must be a positive whole number");
        }
        return version.asLong();
    }

    static void failOn(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
    }

    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }
}
