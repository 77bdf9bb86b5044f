package dev.orchestra.publicapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge rules on small documents: public routes only, clashing names resolved, the gateway's answers added. */
class PublicApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GatewayRoutes ROUTES = GatewayRoutes.of("""
            server {
                client_max_body_size 8m;
                location ^~ /auth/ { limit_req zone=z burst=1; client_max_body_size 16k; proxy_pass http://orchestra_auth; }
                location = /api/v1/things { proxy_pass http://orchestra_things; }
                location ^~ /api/v1/things/ {
                    location ~ ^/api/v1/things/[^/]+/search$ { proxy_pass http://orchestra_search; }
                    proxy_pass http://orchestra_things;
                }
                location / { return 404; }
                location ^~ /_gateway/errors/ { internal; return 404 '{"error":"not_found"}'; }
            }
            """);

    private static final String ERROR = """
            {"type": "object", "required": ["error", "message", "details"],
             "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object"}}}""";

    @Test
    void keepsOnlyWhatTheGatewayRoutesToTheServiceThatDocumentsIt() throws Exception {
        JsonNode things = document("""
                {"openapi": "3.0.3", "paths": {
                  "/api/v1/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
                  "/api/v1/things/{id}/search": {"get": {"operationId": "searchThing", "responses": {"200": {"description": "ok"}}}},
                  "/internal/things": {"get": {"operationId": "internalThings", "responses": {"200": {"description": "ok",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Secret"}}}}}}}},
                 "components": {"schemas": {"Thing": {"type": "object"}, "Secret": {"type": "object"}, "ApiError": %s}}}
                """.formatted(ERROR));
        PublicApiMerger.Result result = merge(new PublicApiMerger.ServiceDocument("things", "orchestra_things", "Things", things));

        JsonNode paths = result.document().path("paths");
        assertThat(names(paths)).containsExactly("/api/v1/things");
        assertThat(result.leftOut()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("/api/v1/things/{id}/search", "routed to orchestra_search"))
                .anySatisfy(line -> assertThat(line).contains("/internal/things", "not routed"));
        // Schemas only the left-out operations use are left out too.
        assertThat(names(result.document().path("components").path("schemas"))).containsExactly("ApiError", "Thing");
        assertThat(result.document().path("openapi").asText()).isEqualTo("3.0.3");
    }

    @Test
    void aNameTwoServicesDefineDifferentlyGetsEachServicesPrefixAndTheEnvelopeStaysOne() throws Exception {
        JsonNode things = document("""
                {"paths": {"/api/v1/things": {"get": {"operationId": "listThings", "responses": {
                   "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                   "404": {"description": "none", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}}}}},
                 "components": {"schemas": {"Item": {"type": "object", "properties": {"a": {"type": "string"}}}, "ApiError": %s}}}
                """.formatted(ERROR));
        JsonNode auth = document("""
                {"paths": {"/auth/login": {"post": {"operationId": "login", "requestBody": {"content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/Item"}}}}, "responses": {"200": {"description": "ok"}}}}},
                 "components": {"schemas": {"Item": {"type": "object", "properties": {"b": {"type": "integer"}}}, "ApiError": %s}}}
                """.formatted(ERROR));
        JsonNode merged = merge(new PublicApiMerger.ServiceDocument("things", "orchestra_things", "Things", things),
                new PublicApiMerger.ServiceDocument("auth", "orchestra_auth", "Auth", auth)).document();

        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(names(schemas)).containsExactly("ApiError", "AuthItem", "ThingsItem");
        assertThat(merged.at("/paths/~1api~1v1~1things/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/ThingsItem");
        assertThat(merged.at("/paths/~1auth~1login/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/AuthItem");
    }

    @Test
    void twoDifferentEnvelopesOrOneOperationIdTwiceFailTheBuild() throws Exception {
        JsonNode things = document("""
                {"paths": {"/api/v1/things": {"get": {"operationId": "same", "responses": {"200": {"description": "ok"}}}}},
                 "components": {"schemas": {"ApiError": %s}}}""".formatted(ERROR));
        JsonNode otherEnvelope = document("""
                {"paths": {}, "components": {"schemas": {"ApiError": {"type": "object"}}}}""");
        assertThatThrownBy(() -> merge(new PublicApiMerger.ServiceDocument("things", "orchestra_things", "Things", things),
                new PublicApiMerger.ServiceDocument("auth", "orchestra_auth", "Auth", otherEnvelope)))
                .hasMessageContaining("ApiError must be one schema");

        JsonNode sameId = document("""
                {"paths": {"/auth/login": {"post": {"operationId": "same", "responses": {"200": {"description": "ok"}}}}}}""");
        assertThatThrownBy(() -> merge(new PublicApiMerger.ServiceDocument("things", "orchestra_things", "Things", things),
                new PublicApiMerger.ServiceDocument("auth", "orchestra_auth", "Auth", sameId)))
                .hasMessageContaining("operationId same");
    }

    @Test
    void theGatewaysOwnAnswersAreAddedWithTheirCodesAndLimits() throws Exception {
        JsonNode auth = document("""
                {"paths": {"/auth/login": {"post": {"operationId": "login", "requestBody": {"content": {"application/json":
                   {"schema": {"type": "object"}}}}, "responses": {"200": {"description": "ok"},
                   "503": {"description": "The database is away", "content": {"application/json": {"schema":
                     {"$ref": "#/components/schemas/ApiError"}}}}}}}},
                 "components": {"schemas": {"ApiError": %s}}}""".formatted(ERROR));
        JsonNode things = document("""
                {"paths": {"/api/v1/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}}},
                 "components": {"schemas": {"ApiError": %s}}}""".formatted(ERROR));
        JsonNode paths = merge(new PublicApiMerger.ServiceDocument("auth", "orchestra_auth", "Auth", auth),
                new PublicApiMerger.ServiceDocument("things", "orchestra_things", "Things", things)).document().path("paths");

        JsonNode login = paths.at("/~1auth~1login/post/responses");
        assertThat(names(login)).contains("200", "400", "404", "408", "413", "414", "429", "431", "503");
        assertThat(login.at("/413/content/application~1json/example/error").asText()).isEqualTo("payload_too_large");
        assertThat(login.at("/413/description").asText()).contains("16384 bytes");
        assertThat(login.at("/429/content/application~1json/example/error").asText()).isEqualTo("rate_limited");
        assertThat(login.at("/429/headers/Retry-After/schema/type").asText()).isEqualTo("integer");
        // The service's own 503 keeps its envelope and says both causes.
        assertThat(login.at("/503/description").asText()).startsWith("The database is away").contains("From the gateway");
        assertThat(login.at("/503/headers/Retry-After/schema/type").asText()).isEqualTo("integer");

        JsonNode list = paths.at("/~1api~1v1~1things/get/responses");
        assertThat(names(list)).doesNotContain("413", "429").contains("404", "503");
        assertThat(list.at("/404/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/ApiError");
    }

    private static PublicApiMerger.Result merge(PublicApiMerger.ServiceDocument... services) {
        return new PublicApiMerger(ROUTES, "1.0-test").merge(List.of(services));
    }

    private static JsonNode document(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
