package dev.orchestra.sync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * typed bodies and answers (the data/meta wrappers included; push's body described though it is read as
 * raw text), platform's error envelope for every error, fields and parameters with their limits, and no
 * schema left empty or typed as a JSON tree.
 */
@QuarkusTest
class OpenApiTest {

    /** Each operation's statuses, exactly (the WebSocket /ws is not an OpenAPI operation). */
    private static final Map<String, Set<String>> STATUSES = Map.of(
            "POST /api/v1/sync/push", Set.of("202", "401", "403", "404", "406", "409", "410", "413", "415", "422", "500", "503"),
            "POST /api/v1/sync/pull", Set.of("200", "401", "403", "404", "406", "410", "413", "415", "422", "500", "503"),
            "GET /api/v1/admin/stats/daily", Set.of("200", "401", "403", "406", "422", "500", "503"));

    /** The typed answer of each operation. */
    private static final Map<String, String> ANSWERS = Map.of(
            "POST /api/v1/sync/push", "PushResponse",
            "POST /api/v1/sync/pull", "PullResponse",
            "GET /api/v1/admin/stats/daily", "DailyStatsList");

    /** The typed body of each operation that takes one (push's describes the raw text it reads). */
    private static final Map<String, String> REQUESTS = Map.of(
            "POST /api/v1/sync/push", "PushRequest",
            "POST /api/v1/sync/pull", "PullRequest");

    /** Where a free-form JSON object is the point (a mutation's data, a project's settings): {@code additionalProperties: true}. */
    private static final Set<String> FREE_FORM = Set.of("components.schemas.Mutation.data{}",
            "components.schemas.EntityMetadata.settings{}",
            // A change's data is EntityMetadata written out in place (nullable), settings included.
            "components.schemas.Change.data.settings{}");

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
        assertRequired(schemas, "PushRequest", "device_id", "mutations");
        assertThat(schemas.path("PushRequest").path("properties").path("device_id").path("format").asText()).isEqualTo("uuid");
        assertThat(schemas.path("PushRequest").path("properties").path("mutations").path("maxItems").asInt()).isEqualTo(500);
        assertThat(schemas.path("PushRequest").path("properties").path("mutations").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Mutation");
        JsonNode mutation = schemas.path("Mutation");
        assertThat(names(mutation.path("properties"))).containsExactlyInAnyOrder("id", "entity", "op", "entity_id", "base_version",
                "data");
        assertThat(texts(mutation.path("required"))).containsExactlyInAnyOrder("id", "entity", "op", "entity_id");
        assertThat(mutation.path("properties").path("id").path("minimum").asInt()).isEqualTo(1);
        assertThat(texts(mutation.path("properties").path("entity").path("enum"))).containsExactly("project", "file");
        assertThat(texts(mutation.path("properties").path("op").path("enum"))).containsExactly("create", "update", "delete");
        assertThat(mutation.path("properties").path("entity_id").path("format").asText()).isEqualTo("uuid");
        assertThat(mutation.path("properties").path("base_version").path("minimum").asInt()).isEqualTo(1);
        assertThat(mutation.path("properties").path("base_version").path("nullable").asBoolean()).isTrue();
        assertThat(mutation.path("properties").path("data").path("type").asText()).isEqualTo("object");
        assertThat(mutation.path("properties").path("data").path("nullable").asBoolean()).isTrue();

        JsonNode pull = schemas.path("PullRequest");
        assertThat(names(pull.path("properties"))).containsExactlyInAnyOrder("device_id", "cursor");
        assertThat(texts(pull.path("required"))).containsExactly("device_id");
        assertThat(pull.path("properties").path("device_id").path("format").asText()).isEqualTo("uuid");
        assertThat(pull.path("properties").path("cursor").path("type").asText()).isEqualTo("string");
        assertThat(pull.path("properties").path("cursor").path("nullable").asBoolean()).isTrue();

        assertRequired(schemas, "PushResponse", "data");
        assertRequired(schemas, "PushResult", "last_submitted_mutation_id");
        assertRequired(schemas, "PullResponse", "data");
        assertRequired(schemas, "PullResult", "changes", "cursor", "has_more", "last_mutation_id", "rejected");
        assertRequired(schemas, "Change", "seq", "entity", "entity_id", "op", "version", "data", "origin", "at");
        assertRequired(schemas, "Origin", "device_id", "mutation_id");
        assertRequired(schemas, "DailyStatsList", "data", "meta");
        assertRequired(schemas, "DailyStats", "day", "pushes", "mutations", "rejections", "changes", "active_users");
        assertRequired(schemas, "StatsMeta", "next_cursor");
        assertRequired(schemas, "ApiError", "error", "message", "details");
        JsonNode rejection = schemas.path("Rejection");
        assertThat(names(rejection.path("properties"))).containsExactlyInAnyOrder("mutation_id", "entity", "entity_id", "reason",
                "message", "details", "current_version", "current");
        assertThat(texts(rejection.path("required"))).containsExactlyInAnyOrder("mutation_id", "entity", "entity_id", "reason",
                "message", "details");
        assertThat(rejection.path("properties").path("details").path("additionalProperties").path("type").asText())
                .isEqualTo("string");
        assertThat(schemas.path("PullResult").path("properties").path("changes").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Change");
        assertThat(schemas.path("PullResult").path("properties").path("rejected").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Rejection");
        // A change's data and origin: typed, and null where the protocol says so.
        JsonNode change = schemas.path("Change").path("properties");
        // (platform's NullableReferences writes a nullable field of a named schema as that schema, made nullable:
        // OpenAPI 3.0 validators do not carry nullable into an allOf)
        assertThat(change.path("data").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(() -> schemas.path("EntityMetadata").path("properties").fieldNames());
        assertThat(change.path("data").path("nullable").asBoolean()).isTrue();
        assertThat(change.path("origin").path("properties").has("device_id")).isTrue();
        assertThat(change.path("origin").path("nullable").asBoolean()).isTrue();
        assertThat(change.path("at").path("format").asText()).isEqualTo("date-time");
        assertThat(schemas.path("EntityMetadata").path("properties").has("content")).as("never a file's content").isFalse();
        assertThat(schemas.path("DailyStats").path("properties").path("day").path("format").asText()).isEqualTo("date");
    }

    @Test
    void theStatsParametersAreDates() {
        JsonNode parameters = document.path("paths").path("/api/v1/admin/stats/daily").path("get").path("parameters");
        for (String name : List.of("from", "to")) {
            JsonNode parameter = parameter(parameters, name);
            assertThat(parameter.path("in").asText()).isEqualTo("query");
            assertThat(parameter.path("required").asBoolean()).isFalse();
            assertThat(parameter.path("schema").path("type").asText()).isEqualTo("string");
            assertThat(parameter.path("schema").path("format").asText()).isEqualTo("date");
        }
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode", "PatchField", "ChangeView", "RejectionView");
        assertThat(OpenApiChecks.schemaProblems(document, FREE_FORM)).isEmpty();
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
