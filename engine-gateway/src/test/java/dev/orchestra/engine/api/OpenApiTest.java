package dev.orchestra.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.platform.testing.OpenApiChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi (OpenAPI 3.0.3) describes each public operation completely: every status it can answer,
 * typed answers, platform's error envelope for every error, parameters with their limits, and no
 * schema left empty or typed as a JSON tree.
 */
@QuarkusTest
class OpenApiTest extends EngineGatewayTest {

    /** Each operation's statuses, exactly (403: Quarkus documents it on every authenticated route). */
    private static final Map<String, Set<String>> STATUSES = Map.of(
            "/api/v1/projects/{id}/search", Set.of("200", "401", "403", "404", "406", "422", "500", "503"),
            "/api/v1/engine/status", Set.of("200", "401", "403", "406", "500", "503"),
            "/api/v1/extensions", Set.of("200", "401", "403", "406", "500", "503"));
    private static final Map<String, String> ANSWERS = Map.of(
            "/api/v1/projects/{id}/search", "SearchResponse",
            "/api/v1/engine/status", "EngineStatusResponse",
            "/api/v1/extensions", "ExtensionList");

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
        assertThat(names(document.path("paths"))).containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
        for (String path : STATUSES.keySet()) {
            assertThat(names(document.path("paths").path(path))).as(path).containsExactly("get");
        }
    }

    @Test
    void everyOperationDocumentsEachStatusItAnswersWithTypedBodies() {
        for (Map.Entry<String, Set<String>> operation : STATUSES.entrySet()) {
            String path = operation.getKey();
            JsonNode responses = document.path("paths").path(path).path("get").path("responses");
            assertThat(names(responses)).as(path).containsExactlyInAnyOrderElementsOf(operation.getValue());
            for (String status : operation.getValue()) {
                JsonNode answer = responses.path(status);
                assertThat(answer.path("description").asText()).as(path + " " + status).isNotBlank();
                assertThat(names(answer.path("content"))).as(path + " " + status).containsExactly("application/json");
                String ref = answer.path("content").path("application/json").path("schema").path("$ref").asText();
                assertThat(ref).as(path + " " + status)
                        .isEqualTo("#/components/schemas/" + (status.equals("200") ? ANSWERS.get(path) : "ApiError"));
            }
            assertThat(responses.path("503").path("headers").path("Retry-After").path("schema").path("type").asText())
                    .as(path).isEqualTo("integer");
        }
    }

    @Test
    void answersAreTypedRecordsWithTheirDataWrapper() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("SearchResponse").path("properties").path("data").path("$ref").asText())
                .isEqualTo("#/components/schemas/SearchResult");
        assertThat(schemas.path("EngineStatusResponse").path("properties").path("data").path("$ref").asText())
                .isEqualTo("#/components/schemas/EngineStatus");
        assertThat(schemas.path("ExtensionList").path("properties").path("data").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/ExtensionUpdate");
        assertRequired(schemas, "SearchResponse", "data");
        assertRequired(schemas, "EngineStatusResponse", "data");
        assertRequired(schemas, "ExtensionList", "data", "meta");
        assertRequired(schemas, "SearchResult", "hits", "pending_files");
        assertRequired(schemas, "SearchHit", "file_id", "path", "line", "snippet", "score");
        assertRequired(schemas, "EngineStatus", "engine_reachable", "pending_files", "last_indexed_at");
        assertRequired(schemas, "ExtensionUpdate", "id", "installed_version", "available_version", "download_url", "release_notes");
        assertRequired(schemas, "ExtensionsMeta", "checked_at", "next_cursor");
        assertRequired(schemas, "ApiError", "error", "message", "details");
        assertThat(schemas.path("SearchResult").path("properties").path("hits").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/SearchHit");
        // Timestamps: RFC 3339 text, nullable in 3.0 terms.
        for (JsonNode timestamp : List.of(schemas.path("EngineStatus").path("properties").path("last_indexed_at"),
                schemas.path("ExtensionsMeta").path("properties").path("checked_at"))) {
            assertThat(timestamp.path("type").asText()).isEqualTo("string");
            assertThat(timestamp.path("format").asText()).isEqualTo("date-time");
            assertThat(timestamp.path("nullable").asBoolean()).isTrue();
        }
        assertThat(schemas.path("ApiError").path("properties").path("details").path("type").asText()).isEqualTo("object");
    }

    @Test
    void theSearchParametersCarryTheirLimits() {
        JsonNode parameters = document.path("paths").path("/api/v1/projects/{id}/search").path("get").path("parameters");
        JsonNode id = parameter(parameters, "id");
        assertThat(id.path("in").asText()).isEqualTo("path");
        assertThat(id.path("required").asBoolean()).isTrue();
        assertThat(id.path("schema").path("format").asText()).isEqualTo("uuid");
        JsonNode q = parameter(parameters, "q");
        assertThat(q.path("in").asText()).isEqualTo("query");
        assertThat(q.path("required").asBoolean()).isTrue();
        assertThat(q.path("schema").path("type").asText()).isEqualTo("string");
        assertThat(q.path("schema").path("minLength").asInt()).isEqualTo(1);
        assertThat(q.path("schema").path("maxLength").asInt()).isEqualTo(256);
        JsonNode limit = parameter(parameters, "limit");
        assertThat(limit.path("in").asText()).isEqualTo("query");
        assertThat(limit.path("required").asBoolean()).isFalse();
        assertThat(limit.path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(100);
        assertThat(limit.path("schema").path("default").asInt()).isEqualTo(20);
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode");
        assertThat(OpenApiChecks.schemaProblems(document, Set.of())).isEmpty();
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

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
