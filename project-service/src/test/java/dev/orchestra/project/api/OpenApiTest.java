package dev.orchestra.project.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.testing.OpenApiChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi (OpenAPI 3.0.3) describes each public operation completely: every status it can answer,
 * typed request bodies and answers (with their {@code data}/{@code meta} wrappers), platform's error
 * envelope for every error, parameters with their limits, and no schema left empty or typed as a
 * JSON tree.
 */
@QuarkusTest
class OpenApiTest {

    private static final String PROJECTS = "/api/v1/projects";
    private static final String PROJECT = "/api/v1/projects/{id}";
    private static final String FILES = "/api/v1/projects/{projectId}/files";
    private static final String FILE = "/api/v1/projects/{projectId}/files/{fileId}";
    private static final String BATCH_GET = "/api/v1/projects/{projectId}/files/batch-get";

    /** Every operation as "method path", its statuses exactly (403: Quarkus documents it on every authenticated route). */
    private static final Map<String, Set<String>> STATUSES = Map.ofEntries(
            Map.entry("get " + PROJECTS, Set.of("200", "401", "403", "406", "422", "500", "503")),
            Map.entry("post " + PROJECTS, Set.of("200", "201", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503")),
            Map.entry("get " + PROJECT, Set.of("200", "401", "403", "404", "406", "422", "500", "503")),
            Map.entry("put " + PROJECT, Set.of("200", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503")),
            Map.entry("delete " + PROJECT, Set.of("204", "401", "403", "404", "406", "409", "422", "500", "503")),
            Map.entry("get " + FILES, Set.of("200", "401", "403", "404", "406", "422", "500", "503")),
            Map.entry("post " + FILES, Set.of("200", "201", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503")),
            Map.entry("post " + BATCH_GET, Set.of("200", "401", "403", "404", "406", "413", "415", "422", "500", "503")),
            Map.entry("get " + FILE, Set.of("200", "401", "403", "404", "406", "422", "500", "503")),
            Map.entry("put " + FILE, Set.of("200", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503")),
            Map.entry("delete " + FILE, Set.of("204", "401", "403", "404", "406", "409", "422", "500", "503")));
    /** The typed answer of each operation's success (a 204 has none). */
    private static final Map<String, String> ANSWERS = Map.ofEntries(
            Map.entry("get " + PROJECTS, "ProjectList"),
            Map.entry("post " + PROJECTS, "ProjectResponse"),
            Map.entry("get " + PROJECT, "ProjectResponse"),
            Map.entry("put " + PROJECT, "ProjectResponse"),
            Map.entry("get " + FILES, "FileList"),
            Map.entry("post " + FILES, "FileResponse"),
            Map.entry("post " + BATCH_GET, "BatchGetResponse"),
            Map.entry("get " + FILE, "FileResponse"),
            Map.entry("put " + FILE, "FileResponse"));
    private static final Map<String, String> REQUESTS = Map.of(
            "post " + PROJECTS, "ProjectCreate",
            "put " + PROJECT, "ProjectUpdate",
            "post " + FILES, "FileCreate",
            "put " + FILE, "FileUpdate",
            "post " + BATCH_GET, "BatchGetRequest");
    /** The writes that take a version: conditional on If-Match (and an ETag comes back where there is an answer). */
    /** A project's settings are the client's own JSON object: any value, on purpose. */
    private static final Set<String> FREE_FORM = Set.of("components.schemas.Project.settings{}",
            "components.schemas.ProjectCreate.settings{}", "components.schemas.ProjectUpdate.settings{}",
            "components.schemas.Settings{}");
    private static final Set<String> CONDITIONAL = Set.of("put " + PROJECT, "delete " + PROJECT, "put " + FILE, "delete " + FILE);

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
        Set<String> operations = new TreeSet<>();
        Set<String> operationIds = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : names(path.getValue())) {
                operations.add(method + " " + path.getKey());
                JsonNode operation = path.getValue().path(method);
                operationIds.add(operation.path("operationId").asText());
                assertThat(operation.path("summary").asText()).as(method + " " + path.getKey()).isNotBlank();
                assertThat(operation.path("tags").size()).as(method + " " + path.getKey()).isEqualTo(1);
            }
        }
        assertThat(operations).containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
        assertThat(operationIds).containsExactlyInAnyOrder("listProjects", "createProject", "getProject", "updateProject",
                "deleteProject", "listFiles", "createFile", "batchGetFiles", "getFile", "updateFile", "deleteFile");
    }

    @Test
    void everyOperationDocumentsEachStatusItAnswersWithTypedBodies() {
        for (Map.Entry<String, Set<String>> entry : STATUSES.entrySet()) {
            String name = entry.getKey();
            JsonNode responses = operation(name).path("responses");
            assertThat(names(responses)).as(name).containsExactlyInAnyOrderElementsOf(entry.getValue());
            for (String status : entry.getValue()) {
                JsonNode answer = responses.path(status);
                assertThat(answer.path("description").asText()).as(name + " " + status).isNotBlank();
                if (status.equals("204")) {
                    assertThat(answer.has("content")).as(name + " " + status).isFalse();
                    continue;
                }
                assertThat(names(answer.path("content"))).as(name + " " + status).containsExactly("application/json");
                String ref = answer.path("content").path("application/json").path("schema").path("$ref").asText();
                assertThat(ref).as(name + " " + status)
                        .isEqualTo("#/components/schemas/" + (status.startsWith("2") ? ANSWERS.get(name) : "ApiError"));
            }
            assertThat(responses.path("503").path("headers").path("Retry-After").path("schema").path("type").asText())
                    .as(name).isEqualTo("integer");
        }
    }

    @Test
    void requestBodiesAreRequiredAndTyped() {
        for (String name : STATUSES.keySet()) {
            JsonNode body = operation(name).path("requestBody");
            if (!REQUESTS.containsKey(name)) {
                assertThat(body.isMissingNode()).as(name).isTrue();
                continue;
            }
            assertThat(body.path("required").asBoolean()).as(name).isTrue();
            assertThat(names(body.path("content"))).as(name).containsExactly("application/json");
            assertThat(body.path("content").path("application/json").path("schema").path("$ref").asText()).as(name)
                    .isEqualTo("#/components/schemas/" + REQUESTS.get(name));
        }
    }

    @Test
    void versionsTravelAsETagAndIfMatch() {
        for (String name : STATUSES.keySet()) {
            JsonNode operation = operation(name);
            boolean ifMatch = false;
            for (JsonNode parameter : operation.path("parameters")) {
                ifMatch |= parameter.path("name").asText().equals("If-Match") && parameter.path("in").asText().equals("header");
            }
            assertThat(ifMatch).as(name + " If-Match").isEqualTo(CONDITIONAL.contains(name));
        }
        for (String name : List.of("post " + PROJECTS, "get " + PROJECT, "put " + PROJECT, "post " + FILES, "get " + FILE,
                "put " + FILE)) {
            JsonNode responses = operation(name).path("responses");
            String success = responses.has("201") ? "201" : "200";
            assertThat(responses.path(success).path("headers").path("ETag").path("schema").path("type").asText())
                    .as(name).isEqualTo("string");
        }
        assertThat(operation("post " + PROJECTS).path("responses").path("201").path("headers").has("Location")).isTrue();
        assertThat(operation("post " + FILES).path("responses").path("201").path("headers").has("Location")).isTrue();
    }

    @Test
    void answersAreTypedRecordsWithTheirWrappers() {
        JsonNode schemas = document.path("components").path("schemas");
        assertRequired(schemas, "ProjectResponse", "data");
        assertRequired(schemas, "FileResponse", "data");
        assertRequired(schemas, "BatchGetResponse", "data");
        assertRequired(schemas, "ProjectList", "data", "meta");
        assertRequired(schemas, "FileList", "data", "meta");
        assertRequired(schemas, "PageMeta", "next_cursor");
        assertRequired(schemas, "Project", "id", "name", "path", "settings", "version", "created_at", "updated_at", "last_synced_at");
        assertRequired(schemas, "BatchGetResult", "files", "has_more", "missing");
        assertRequired(schemas, "ApiError", "error", "message", "details");
        // A file's content is in some answers only: a property, but not a required one.
        assertThat(names(schemas.path("File").path("properties"))).containsExactlyInAnyOrder("id", "project_id", "path", "size",
                "content_hash", "version", "created_at", "updated_at", "content");
        assertThat(strings(schemas.path("File").path("required"))).containsExactlyInAnyOrder("id", "project_id", "path", "size",
                "content_hash", "version", "created_at", "updated_at");
        assertThat(ref(schemas.path("ProjectResponse").path("properties").path("data"))).isEqualTo("Project");
        assertThat(ref(schemas.path("FileResponse").path("properties").path("data"))).isEqualTo("File");
        assertThat(ref(schemas.path("BatchGetResponse").path("properties").path("data"))).isEqualTo("BatchGetResult");
        assertThat(ref(schemas.path("ProjectList").path("properties").path("data").path("items"))).isEqualTo("Project");
        assertThat(ref(schemas.path("FileList").path("properties").path("data").path("items"))).isEqualTo("File");
        assertThat(ref(schemas.path("BatchGetResult").path("properties").path("files").path("items"))).isEqualTo("File");
        assertThat(ref(schemas.path("ProjectList").path("properties").path("meta"))).isEqualTo("PageMeta");
        assertThat(ref(schemas.path("FileList").path("properties").path("meta"))).isEqualTo("PageMeta");
        assertThat(schemas.path("PageMeta").path("properties").path("next_cursor").path("nullable").asBoolean()).isTrue();

        JsonNode project = schemas.path("Project").path("properties");
        assertThat(project.path("id").path("format").asText()).isEqualTo("uuid");
        assertThat(project.path("path").path("nullable").asBoolean()).isTrue();
        assertThat(project.path("settings").path("type").asText()).isEqualTo("object");
        assertThat(project.path("version").path("minimum").asInt()).isEqualTo(1);
        for (String timestamp : List.of("created_at", "updated_at", "last_synced_at")) {
            assertThat(project.path(timestamp).path("type").asText()).as(timestamp).isEqualTo("string");
            assertThat(project.path(timestamp).path("format").asText()).as(timestamp).isEqualTo("date-time");
        }
        assertThat(project.path("last_synced_at").path("nullable").asBoolean()).isTrue();
        assertThat(project.path("created_at").path("nullable").asBoolean()).isFalse();
        assertThat(schemas.path("File").path("properties").path("project_id").path("format").asText()).isEqualTo("uuid");
        assertThat(schemas.path("BatchGetResult").path("properties").path("missing").path("items").path("format").asText())
                .isEqualTo("uuid");
    }

    @Test
    void requestBodiesCarryTheirRequiredFieldsAndLimits() {
        JsonNode schemas = document.path("components").path("schemas");
        JsonNode create = schemas.path("ProjectCreate");
        assertThat(names(create.path("properties"))).containsExactlyInAnyOrder("id", "name", "path", "settings");
        assertThat(strings(create.path("required"))).containsExactly("name");
        assertThat(create.path("properties").path("id").path("format").asText()).isEqualTo("uuid");
        assertThat(create.path("properties").path("id").path("nullable").asBoolean()).isTrue();
        assertThat(create.path("properties").path("name").path("maxLength").asInt()).isEqualTo(255);
        assertThat(create.path("properties").path("path").path("maxLength").asInt()).isEqualTo(1024);
        assertThat(create.path("properties").path("settings").path("type").asText()).isEqualTo("object");

        JsonNode update = schemas.path("ProjectUpdate");
        assertThat(names(update.path("properties"))).containsExactlyInAnyOrder("name", "path", "settings", "version");
        assertThat(update.has("required")).isFalse();
        assertThat(update.path("properties").path("name").path("nullable").asBoolean()).isFalse();
        assertThat(update.path("properties").path("path").path("nullable").asBoolean()).isTrue();
        assertThat(update.path("properties").path("settings").path("nullable").asBoolean()).isTrue();
        assertThat(update.path("properties").path("version").path("minimum").asInt()).isEqualTo(1);

        JsonNode file = schemas.path("FileCreate");
        assertThat(names(file.path("properties"))).containsExactlyInAnyOrder("id", "path", "content");
        assertThat(strings(file.path("required"))).containsExactlyInAnyOrder("path", "content");
        assertThat(file.path("properties").path("path").path("maxLength").asInt()).isEqualTo(1024);

        JsonNode fileUpdate = schemas.path("FileUpdate");
        assertThat(names(fileUpdate.path("properties"))).containsExactlyInAnyOrder("path", "content", "version");
        assertThat(fileUpdate.has("required")).isFalse();
        // Null is refused for these, unlike a project's path: absent is the way to leave them.
        assertThat(fileUpdate.path("properties").path("path").path("nullable").asBoolean()).isFalse();
        assertThat(fileUpdate.path("properties").path("content").path("nullable").asBoolean()).isFalse();

        JsonNode batch = schemas.path("BatchGetRequest");
        assertThat(strings(batch.path("required"))).containsExactly("ids");
        assertThat(batch.path("properties").path("ids").path("maxItems").asInt()).isEqualTo(100);
        assertThat(batch.path("properties").path("ids").path("items").path("format").asText()).isEqualTo("uuid");
    }

    @Test
    void parametersCarryTheirFormatsAndLimits() {
        for (String name : STATUSES.keySet()) {
            String path = name.substring(name.indexOf(' ') + 1);
            for (JsonNode parameter : operation(name).path("parameters")) {
                if (parameter.path("in").asText().equals("path")) {
                    assertThat(path).contains("{" + parameter.path("name").asText() + "}");
                    assertThat(parameter.path("required").asBoolean()).as(name).isTrue();
                    assertThat(parameter.path("schema").path("format").asText()).as(name).isEqualTo("uuid");
                }
            }
        }
        for (String name : List.of("get " + PROJECTS, "get " + FILES)) {
            JsonNode parameters = operation(name).path("parameters");
            JsonNode limit = parameter(parameters, "limit");
            assertThat(limit.path("in").asText()).isEqualTo("query");
            assertThat(limit.path("required").asBoolean()).isFalse();
            assertThat(limit.path("schema").path("type").asText()).isEqualTo("integer");
            assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
            assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(200);
            assertThat(limit.path("schema").path("default").asInt()).isEqualTo(50);
            JsonNode cursor = parameter(parameters, "cursor");
            assertThat(cursor.path("in").asText()).isEqualTo("query");
            assertThat(cursor.path("schema").path("type").asText()).isEqualTo("string");
        }
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode");
        assertThat(OpenApiChecks.schemaProblems(document, FREE_FORM)).isEmpty();
    }

    private JsonNode operation(String name) {
        int space = name.indexOf(' ');
        JsonNode operation = document.path("paths").path(name.substring(space + 1)).path(name.substring(0, space));
        assertThat(operation.isMissingNode()).as(name).isFalse();
        return operation;
    }

    private static void assertRequired(JsonNode schemas, String schema, String... properties) {
        assertThat(names(schemas.path(schema).path("properties"))).as(schema).containsExactlyInAnyOrder(properties);
        assertThat(strings(schemas.path(schema).path("required"))).as(schema + " required").containsExactlyInAnyOrder(properties);
    }

    private static String ref(JsonNode schema) {
        return schema.path("$ref").asText().replace("#/components/schemas/", "");
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
