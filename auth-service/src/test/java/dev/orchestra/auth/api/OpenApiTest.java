package dev.orchestra.auth.api;

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
 * typed bodies and answers (the data/meta wrappers included), platform's error envelope for every
 * error, parameters and fields with their limits, and no schema left empty or typed as a JSON tree.
 */
@QuarkusTest
class OpenApiTest {

    /** Each operation's statuses, exactly (403: Quarkus documents it on every authenticated route). */
    private static final Map<String, Set<String>> STATUSES = Map.ofEntries(
            Map.entry("POST /auth/register", Set.of("201", "406", "409", "413", "415", "422", "500")),
            Map.entry("POST /auth/login", Set.of("200", "401", "406", "413", "415", "422", "429", "500")),
            Map.entry("POST /auth/refresh", Set.of("200", "401", "406", "413", "415", "422", "500")),
            Map.entry("POST /auth/logout", Set.of("204", "406", "413", "415", "422", "500")),
            Map.entry("POST /auth/verify-email", Set.of("204", "406", "413", "415", "422", "500")),
            Map.entry("POST /auth/password/forgot", Set.of("202", "406", "413", "415", "422", "500")),
            Map.entry("POST /auth/password/reset", Set.of("204", "406", "413", "415", "422", "500")),
            Map.entry("GET /.well-known/jwks.json", Set.of("200", "406", "500")),
            Map.entry("GET /api/v1/users/me", Set.of("200", "401", "403", "404", "406", "500", "503")),
            Map.entry("PUT /api/v1/users/me", Set.of("200", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503")),
            Map.entry("DELETE /api/v1/users/me", Set.of("204", "401", "403", "404", "406", "413", "415", "422", "429", "500", "503")),
            Map.entry("POST /api/v1/users/me/verify-email", Set.of("202", "401", "403", "404", "406", "409", "429", "500", "503")),
            Map.entry("GET /api/v1/users/me/sessions", Set.of("200", "401", "403", "406", "422", "500", "503")),
            Map.entry("DELETE /api/v1/users/me/sessions/{id}", Set.of("204", "401", "403", "404", "406", "500", "503")),
            Map.entry("DELETE /api/v1/users/me/sessions", Set.of("204", "401", "403", "406", "500", "503")),
            Map.entry("GET /api/v1/admin/users", Set.of("200", "401", "403", "406", "422", "500", "503")));

    /** The typed answer of each operation that answers with a body. */
    private static final Map<String, String> ANSWERS = Map.of(
            "POST /auth/register", "SignedInResponse",
            "POST /auth/login", "SignedInResponse",
            "POST /auth/refresh", "SignedInResponse",
            "GET /.well-known/jwks.json", "Jwks",
            "GET /api/v1/users/me", "UserResponse",
            "PUT /api/v1/users/me", "UserResponse",
            "GET /api/v1/users/me/sessions", "SessionList",
            "GET /api/v1/admin/users", "UserList");

    /** The typed body of each operation that takes one; the others take none. */
    private static final Map<String, String> REQUESTS = Map.of(
            "POST /auth/register", "RegisterRequest",
            "POST /auth/login", "LoginRequest",
            "POST /auth/refresh", "RefreshTokenRequest",
            "POST /auth/logout", "RefreshTokenRequest",
            "POST /auth/verify-email", "TokenRequest",
            "POST /auth/password/forgot", "ForgotPasswordRequest",
            "POST /auth/password/reset", "ResetPasswordRequest",
            "PUT /api/v1/users/me", "ProfileUpdate",
            "DELETE /api/v1/users/me", "PasswordRequest");

    /** Where a free-form JSON object is the point (the user's own settings): {@code additionalProperties: true}. */
    private static final Set<String> FREE_FORM = Set.of("components.schemas.User.settings{}",
            "components.schemas.ProfileUpdate.settings{}");

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
        JsonNode me = document.path("paths").path("/api/v1/users/me");
        for (String method : List.of("get", "put")) {
            assertThat(me.path(method).path("responses").path("200").path("headers").has("ETag")).as(method).isTrue();
        }
    }

    /** The 406 every operation documents is real, for routes answering no body too. */
    @Test
    void anAcceptWithoutJsonIs406InTheEnvelope() {
        given().accept("text/plain").contentType("application/json").body("{\"refresh_token\": \"x\"}").post("/auth/logout")
                .then().statusCode(406).body("error", org.hamcrest.Matchers.equalTo("not_acceptable"));
        given().accept("text/html").get("/.well-known/jwks.json").then().statusCode(406);
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
        assertRequired(schemas, "RegisterRequest", "email", "name", "password");
        assertRequired(schemas, "LoginRequest", "email", "password");
        assertRequired(schemas, "RefreshTokenRequest", "refresh_token");
        assertRequired(schemas, "TokenRequest", "token");
        assertRequired(schemas, "ForgotPasswordRequest", "email");
        assertRequired(schemas, "ResetPasswordRequest", "token", "password");
        assertRequired(schemas, "PasswordRequest", "password");
        assertRequired(schemas, "SignedInResponse", "data");
        assertRequired(schemas, "SignedIn", "user", "access_token", "refresh_token", "token_type", "expires_in");
        assertRequired(schemas, "UserResponse", "data");
        assertRequired(schemas, "User", "id", "email", "name", "avatar_url", "plan", "settings", "email_verified", "created_at",
                "updated_at");
        assertRequired(schemas, "SessionList", "data", "meta");
        assertRequired(schemas, "UserList", "data", "meta");
        assertRequired(schemas, "Session", "id", "user_agent", "ip", "created_at", "last_used_at", "current");
        assertRequired(schemas, "ListMeta", "next_cursor");
        assertRequired(schemas, "Jwks", "keys");
        assertRequired(schemas, "Jwk", "kty", "use", "alg", "kid", "n", "e");
        assertRequired(schemas, "ApiError", "error", "message", "details");

        JsonNode register = schemas.path("RegisterRequest").path("properties");
        assertThat(register.path("email").path("format").asText()).isEqualTo("email");
        assertThat(register.path("email").path("maxLength").asInt()).isEqualTo(254);
        assertThat(register.path("name").path("minLength").asInt()).isEqualTo(1);
        assertThat(register.path("name").path("maxLength").asInt()).isEqualTo(255);
        assertThat(register.path("password").path("minLength").asInt()).isEqualTo(10);
        assertThat(register.path("password").path("maxLength").asInt()).isEqualTo(128);
        assertThat(schemas.path("ResetPasswordRequest").path("properties").path("password").path("minLength").asInt()).isEqualTo(10);

        // A partial update: nothing required; null allowed exactly where it means something.
        JsonNode update = schemas.path("ProfileUpdate");
        assertThat(update.has("required")).isFalse();
        assertThat(names(update.path("properties"))).containsExactlyInAnyOrder("name", "avatar_url", "settings", "version");
        assertThat(update.path("properties").path("name").path("type").asText()).isEqualTo("string");
        assertThat(update.path("properties").path("name").path("nullable").asBoolean()).isFalse();
        assertThat(update.path("properties").path("avatar_url").path("maxLength").asInt()).isEqualTo(2048);
        assertThat(update.path("properties").path("avatar_url").path("nullable").asBoolean()).isTrue();
        assertThat(update.path("properties").path("settings").path("type").asText()).isEqualTo("object");
        assertThat(update.path("properties").path("settings").path("nullable").asBoolean()).isTrue();
        assertThat(update.path("properties").path("version").path("type").asText()).isEqualTo("integer");
        assertThat(update.path("properties").path("version").path("minimum").asInt()).isEqualTo(1);

        JsonNode user = schemas.path("User").path("properties");
        assertThat(user.path("id").path("format").asText()).isEqualTo("uuid");
        assertThat(user.path("avatar_url").path("nullable").asBoolean()).isTrue();
        for (String timestamp : List.of("created_at", "updated_at")) {
            assertThat(user.path(timestamp).path("type").asText()).isEqualTo("string");
            assertThat(user.path(timestamp).path("format").asText()).isEqualTo("date-time");
        }
        assertThat(schemas.path("ListMeta").path("properties").path("next_cursor").path("nullable").asBoolean()).isTrue();
        assertThat(schemas.path("ApiError").path("properties").path("details").path("type").asText()).isEqualTo("object");
    }

    @Test
    void parametersCarryTheirFormatsAndLimits() {
        JsonNode revoke = document.path("paths").path("/api/v1/users/me/sessions/{id}").path("delete").path("parameters");
        JsonNode id = parameter(revoke, "id");
        assertThat(id.path("in").asText()).isEqualTo("path");
        assertThat(id.path("required").asBoolean()).isTrue();
        assertThat(id.path("schema").path("format").asText()).isEqualTo("uuid");
        for (String path : List.of("/api/v1/users/me/sessions", "/api/v1/admin/users")) {
            JsonNode parameters = document.path("paths").path(path).path("get").path("parameters");
            JsonNode limit = parameter(parameters, "limit");
            assertThat(limit.path("in").asText()).as(path).isEqualTo("query");
            assertThat(limit.path("schema").path("type").asText()).as(path).isEqualTo("integer");
            assertThat(limit.path("schema").path("minimum").asInt()).as(path).isEqualTo(1);
            assertThat(limit.path("schema").path("maximum").asInt()).as(path).isEqualTo(200);
            assertThat(limit.path("schema").path("default").asInt()).as(path).isEqualTo(50);
            assertThat(parameter(parameters, "cursor").path("schema").path("type").asText()).as(path).isEqualTo("string");
        }
        JsonNode admin = document.path("paths").path("/api/v1/admin/users").path("get").path("parameters");
        assertThat(parameter(admin, "email").path("in").asText()).isEqualTo("query");
        JsonNode update = document.path("paths").path("/api/v1/users/me").path("put").path("parameters");
        assertThat(parameter(update, "If-Match").path("in").asText()).isEqualTo("header");
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode", "PatchField");
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

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
