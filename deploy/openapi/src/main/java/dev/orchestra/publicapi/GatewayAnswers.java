package dev.orchestra.publicapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers the gateway gives itself, before or instead of the service, added to each public
 * operation: in the same envelope, with the code the gateway's template writes. Where the service
 * documents the same status, the description says both.
 */
final class GatewayAnswers {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GatewayAnswers() {
    }

    static void addTo(ObjectNode operation, GatewayRoutes.Route route) {
        ObjectNode responses = operation.with("responses");
        add(responses, "400", "validation_error", "The gateway could not parse the request (a malformed request line or header)",
                false);
        add(responses, "404", "not_found", "The gateway refused the path: an encoded separator or dot segment in it, or a "
                + "spelling of a management route", false);
        add(responses, "408", "validation_error", "The gateway did not receive the request in time", false);
        if (operation.has("requestBody")) {
            add(responses, "413", "payload_too_large", "The body is larger than the gateway accepts on this route ("
                    + route.maxBodyBytes() + " bytes)", false);
        }
        add(responses, "414", "validation_error", "The request line is too long for the gateway", false);
        if (route.rateLimited()) {
            add(responses, "429", "rate_limited", "Too many requests from this client on this route; retry after `Retry-After` "
                    + "seconds", true);
        }
        add(responses, "431", "validation_error", "The request's headers are too large for the gateway", false);
        add(responses, "503", "service_unavailable", "The service behind this route is unavailable or did not answer in time",
                true);
    }

    private static void add(ObjectNode responses, String status, String code, String description, boolean retryAfter) {
        JsonNode existing = responses.get(status);
        if (existing instanceof ObjectNode documented) {
            // The service answers this status too: one answer, both causes in its description.
            documented.put("description", documented.path("description").asText() + ". From the gateway: " + description);
            if (retryAfter && !documented.path("headers").has("Retry-After")) {
                documented.with("headers").set("Retry-After", retryAfterHeader());
            }
            return;
        }
        ObjectNode answer = responses.putObject(status);
        answer.put("description", "From the gateway: " + description);
        if (retryAfter) {
            answer.putObject("headers").set("Retry-After", retryAfterHeader());
        }
        ObjectNode media = answer.putObject("content").putObject("application/json");
        media.putObject("schema").put("$ref", "#/components/schemas/ApiError");
        ObjectNode example = media.putObject("example");
        example.put("error", code);
        example.put("message", description);
        example.putObject("details");
    }

    private static ObjectNode retryAfterHeader() {
        ObjectNode header = JSON.objectNode();
        header.put("description", "Seconds to wait before trying again");
        header.putObject("schema").put("type", "integer");
        return header;
    }
}
