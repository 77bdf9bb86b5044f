package dev.orchestra.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every service's OpenApiTest makes of its whole document, once: no schema that says nothing
 * (empty, untyped, an object of nothing), none that names a JSON tree, and no nullable enum that refuses
 * null. It walks the named schemas and, for every operation, its parameters, request bodies, answers and
 * answer headers, into properties, items, additional properties and compositions.
 */
public final class OpenApiChecks {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiChecks() {
    }

    /**
     * Every problem found, each with where it is. {@code freeForm} names the places (as reported, such as
     * {@code components.schemas.User.settings{}}) where any value is allowed on purpose, said as {@code true};
     * the envelope's {@code ApiError.details} is always one.
     */
    public static List<String> schemaProblems(JsonNode document, Set<String> freeForm) {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> schemas = document.path("components").path("schemas").fields(); schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            check(schema.getValue(), "components.schemas." + schema.getKey(), freeForm, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (METHODS.contains(method.getKey())) {
                    operation(method.getValue(), method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), freeForm,
                            problems);
                }
            }
        }
        return problems;
    }

    private static void operation(JsonNode operation, String name, Set<String> freeForm, List<String> problems) {
        for (JsonNode parameter : operation.path("parameters")) {
            check(parameter.path("schema"), name + " parameter " + parameter.path("name").asText(), freeForm, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> bodies = operation.path("requestBody").path("content").fields(); bodies.hasNext(); ) {
            Map.Entry<String, JsonNode> body = bodies.next();
            check(body.getValue().path("schema"), name + " body " + body.getKey(), freeForm, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> answers = operation.path("responses").fields(); answers.hasNext(); ) {
            Map.Entry<String, JsonNode> answer = answers.next();
            for (Iterator<Map.Entry<String, JsonNode>> bodies = answer.getValue().path("content").fields(); bodies.hasNext(); ) {
                Map.Entry<String, JsonNode> body = bodies.next();
                check(body.getValue().path("schema"), name + " " + answer.getKey() + " " + body.getKey(), freeForm, problems);
            }
            for (Iterator<Map.Entry<String, JsonNode>> headers = answer.getValue().path("headers").fields(); headers.hasNext(); ) {
                Map.Entry<String, JsonNode> header = headers.next();
                check(header.getValue().path("schema"), name + " " + answer.getKey() + " " + header.getKey(), freeForm, problems);
            }
        }
    }

    private static void check(JsonNode schema, String where, Set<String> freeForm, List<String> problems) {
        boolean isTrue = schema.isBoolean() && schema.asBoolean();
        if (isTrue && freeForm.contains(where)
                || (isTrue || schema.isObject() && schema.isEmpty()) && where.equals("components.schemas.ApiError.details{}")) {
            return;
        }
        if (!schema.isObject() || !(schema.has("type") || schema.has("$ref") || schema.has("allOf") || schema.has("oneOf")
                || schema.has("anyOf"))) {
            problems.add(where + ": " + schema);
            return;
        }
        String ref = schema.path("$ref").asText();
        if (ref.contains("JsonNode") || ref.contains("ObjectNode") || ref.contains("ArrayNode")) {
            problems.add(where + " (a JSON tree): " + schema);
        }
        if (schema.path("type").asText().equals("object") && !schema.has("properties") && !schema.has("additionalProperties")
                && !schema.has("allOf")) {
            problems.add(where + " (an object of nothing): " + schema);
        }
        // OpenAPI 3.0 validators refuse a null that the enum does not list.
        if (schema.path("nullable").asBoolean() && schema.has("enum")) {
            boolean listsNull = false;
            for (JsonNode value : schema.path("enum")) {
                listsNull |= value.isNull();
            }
            if (!listsNull) {
                problems.add(where + " (nullable, but its enum lacks null): " + schema);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            check(property.getValue(), where + "." + property.getKey(), freeForm, problems);
        }
        if (schema.has("items")) {
            check(schema.get("items"), where + "[]", freeForm, problems);
        }
        if (schema.has("additionalProperties")) {
            check(schema.get("additionalProperties"), where + "{}", freeForm, problems);
        }
        for (String composition : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : schema.path(composition)) {
                check(part, where + " " + composition, freeForm, problems);
            }
        }
    }
}
