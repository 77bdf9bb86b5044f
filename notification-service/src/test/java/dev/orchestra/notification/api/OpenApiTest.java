package dev.orchestra.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.platform.testing.OpenApiChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi (OpenAPI 3.0.3) describes each public operation completely: every status it can answer,
 * typed bodies and answers (the data/meta wrappers included), platform's error envelope for every
 * error, fields and parameters with their limits, and no schema left empty or typed as a JSON tree.
 */
@QuarkusTest
class OpenApiTest extends NotificationTest {

    /** Each operation's statuses, exactly (403: Quarkus documents it on every authenticated route). */
    private static final Map<String, Set<String>> STATUSES = Map.of(
            "GET /api/v1/notifications/preferences", Set.of("200", "401", "403", "406", "500", "503"),
            "PUT /api/v1/notifications/preferences", Set.of("200", "401", "403", "406", "413", "415", "422", "500", "503"),
            "GET /api/v1/admin/notifications/deliveries", Set.of("200", "401", "403", "406", "422", "500", "503"));

    /** The typed answer of each operation. */
    private static final Map<String, String> ANSWERS = Map.of(
            "GET /api/v1/notifications/preferences", "PreferencesResponse",
            "PUT /api/v1/notifications/preferences", "PreferencesResponse",
            "GET /api/v1/admin/notifications/deliveries", "DeliveryList");

    /** The typed body of each operation that takes one. */
    private static final Map<String, String> REQUESTS = Map.of("PUT /api/v1/notifications/preferences", "PreferencesUpdate");

    private String text;
    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        text = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(text);
    }

    @Test
    void itIsOpenApi303WithTheseOperationsOnly() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(operations().keySet()).containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
        operations().forEach((name, operation) -> {
            assertThat(operation.path("operationId").asText()).as(name).isNotBlank();
            assertThat(operation.path("summary").asText()).as(name).isNotBlank();
            assertThat(operation.path("description").asText()).as(name).isNotBlank();
            assertThat(operation.path("tags")).as(name).isNotEmpty();
        });
    }

    @Test
    void everyOperationDocumentsEachStatusItAnswersWithTypedBodies() {
        operations().forEach((name, operation) -> {
            JsonNode responses = operation.path("responses");
            assertThat(names(responses)).as(name).containsExactlyInAnyOrderElementsOf(STATUSES.get(name));
            for (String status : STATUSES.get(name)) {
                JsonNode answer = responses.path(status);
                assertThat(answer.path("description").asText()).as(name + " " + status).isNotBlank();
                if (status.startsWith("2") && !ANSWERS.containsKey(name)) {
                    assertThat(answer.has("content")).as(name + " " + status + " has no body").isFalse();
                    continue;
                }
                assertThat(names(answer.path("content"))).as(name + " " + status).containsExactly("application/json");
                String ref = answer.path("content").path("application/json").path("schema").path("$ref").asText();
                assertThat(ref).as(name + " " + status)
                        .isEqualTo("#/components/schemas/" + (status.startsWith("2") ? ANSWERS.get(name) : "ApiError"));
            }
            for (String waited : List.of("429", "503")) {
                if (responses.has(waited)) {
                    assertThat(responses.path(waited).path("headers").path("Retry-After").path("schema").path("type").asText())
                            .as(name + " " + waited).isEqualTo("integer");
                }
            }
        });
    }

    @Test
    void requestBodiesAreRequiredAndTyped() {
        operations().forEach((name, operation) -> {
            JsonNode body = operation.path("requestBody");
            if (!REQUESTS.containsKey(name)) {
                assertThat(body.isMissingNode()).as(name + " takes no body").isTrue();
                return;
            }
            assertThat(body.path("required").asBoolean()).as(name).isTrue();
            assertThat(body.path("content").path("application/json").path("schema").path("$ref").asText()).as(name)
                    .isEqualTo("#/components/schemas/" + REQUESTS.get(name));
        });
    }

    @Test
    void bodiesCarryTheirRequiredFieldsAndLimits() {
        JsonNode schemas = document.path("components").path("schemas");
        assertRequired(schemas, "PreferencesResponse", "data");
        assertRequired(schemas, "Preferences", "product_updates", "billing_receipts");
        // A partial update: nothing required, neither choice nullable.
        JsonNode update = schemas.path("PreferencesUpdate");
        assertThat(update.has("required")).isFalse();
        assertThat(names(update.path("properties"))).containsExactlyInAnyOrder("product_updates", "billing_receipts");
        for (String field : List.of("product_updates", "billing_receipts")) {
            assertThat(update.path("properties").path(field).path("type").asText()).as(field).isEqualTo("boolean");
            assertThat(update.path("properties").path(field).path("nullable").asBoolean()).as(field).isFalse();
        }
        assertRequired(schemas, "DeliveryList", "data", "meta");
        assertRequired(schemas, "DeliveriesMeta", "next_cursor");
        assertRequired(schemas, "Delivery", "id", "event_id", "template", "user_id", "recipient", "status", "attempts",
                "last_error", "next_attempt_at", "expires_at", "created_at", "updated_at", "sent_at");
        assertRequired(schemas, "ApiError", "error", "message", "details");
        JsonNode delivery = schemas.path("Delivery").path("properties");
        for (String id : List.of("id", "event_id", "user_id")) {
            assertThat(delivery.path(id).path("format").asText()).as(id).isEqualTo("uuid");
        }
        for (String timestamp : List.of("next_attempt_at", "expires_at", "created_at", "updated_at", "sent_at")) {
            assertThat(delivery.path(timestamp).path("type").asText()).as(timestamp).isEqualTo("string");
            assertThat(delivery.path(timestamp).path("format").asText()).as(timestamp).isEqualTo("date-time");
        }
        for (String nullable : List.of("recipient", "last_error", "next_attempt_at", "expires_at", "sent_at")) {
            assertThat(delivery.path(nullable).path("nullable").asBoolean()).as(nullable).isTrue();
        }
        assertThat(schemas.path("DeliveryList").path("properties").path("data").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Delivery");
        assertThat(schemas.path("DeliveriesMeta").path("properties").path("next_cursor").path("nullable").asBoolean()).isTrue();
    }

    @Test
    void theDeliveryListParametersCarryTheirLimits() {
        JsonNode parameters = document.path("paths").path("/api/v1/admin/notifications/deliveries").path("get").path("parameters");
        JsonNode status = parameter(parameters, "status");
        assertThat(status.path("in").asText()).isEqualTo("query");
        assertThat(texts(status.path("schema").path("enum"))).containsExactly("pending", "sent", "failed", "expired");
        JsonNode limit = parameter(parameters, "limit");
        assertThat(limit.path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(200);
        assertThat(limit.path("schema").path("default").asInt()).isEqualTo(50);
        assertThat(parameter(parameters, "cursor").path("schema").path("type").asText()).isEqualTo("string");
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode", "PatchField", "DeliveryView");
        assertThat(OpenApiChecks.schemaProblems(document, Set.of())).isEmpty();
    }

    /** "METHOD /path" → the operation. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }
        return operations;
    }

    private static void assertRequired(JsonNode schemas, String schema, String... properties) {
        assertThat(names(schemas.path(schema).path("properties"))).as(schema).containsExactlyInAnyOrder(properties);
        List<String> required = new ArrayList<>();
        schemas.path(schema).path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).as(schema + " required").containsExactlyInAnyOrder(properties);
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
