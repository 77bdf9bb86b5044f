package dev.orchestra.e2e;

import static dev.orchestra.e2e.Envelope.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The gateway's /openapi.json and /docs: the whole public API, as each service documents it, and a page to read it. */
class PublicApiDocumentTest {

    private static final URI GATEWAY = StackGatewayTest.GATEWAY;
    private static final Map<String, URI> SERVICES = Map.of(
            "auth-service", URI.create("http://127.0.0.1:8081"), "project-service", URI.create("http://127.0.0.1:8082"),
            "sync-service", URI.create("http://127.0.0.1:8083"), "billing-service", URI.create("http://127.0.0.1:8084"),
            "notification-service", URI.create("http://127.0.0.1:8085"), "engine-gateway", URI.create("http://127.0.0.1:8086"));
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDocumentHasEveryOperationOfEveryServiceAndNothingElse() throws IOException {
        RawHttp.Response answer = RawHttp.get(GATEWAY, "/openapi.json");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("content-type")).startsWith("application/json");
        JsonNode document = JSON.readTree(answer.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");

        Set<String> expected = new TreeSet<>();
        for (Map.Entry<String, URI> service : SERVICES.entrySet()) {
            RawHttp.Response own = RawHttp.get(service.getValue(), "/q/openapi?format=json");
            assertThat(own.status()).as(service.getKey()).isEqualTo(200);
            expected.addAll(operations(JSON.readTree(own.body())));
        }
        assertThat(operations(document)).containsExactlyElementsOf(expected);
        assertThat(document.path("paths").fieldNames()).toIterable().noneMatch(path -> path.startsWith("/q"));
    }

    @Test
    void everyOperationDocumentsTheGatewaysOwnAnswersInTheOneEnvelope() throws IOException {
        JsonNode document = JSON.readTree(RawHttp.get(GATEWAY, "/openapi.json").body());
        assertThat(document.path("components").path("schemas").path("ApiError").path("required").toString())
                .contains("error", "message", "details");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = ops.next();
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                JsonNode responses = operation.getValue().path("responses");
                String name = operation.getKey() + " " + path.getKey();
                assertThat(responses.has("404") && responses.has("503")).as(name).isTrue();
                assertThat(responses.at("/503/headers/Retry-After/schema/type").asText()).as(name).isEqualTo("integer");
                if (operation.getValue().has("requestBody")) {
                    assertThat(responses.has("413")).as(name).isTrue();
                }
                if (path.getKey().startsWith("/auth/")) {
                    assertThat(responses.has("429")).as(name + ": rate-limited at the gateway").isTrue();
                }
                for (Iterator<Map.Entry<String, JsonNode>> statuses = responses.fields(); statuses.hasNext(); ) {
                    Map.Entry<String, JsonNode> status = statuses.next();
                    if (status.getKey().startsWith("4") || status.getKey().startsWith("5")) {
                        assertThat(status.getValue().at("/content/application~1json/schema/$ref").asText())
                                .as(name + " " + status.getKey()).isEqualTo("#/components/schemas/ApiError");
                    }
                }
            }
        }
    }

    @Test
    void theDocsPageIsSwaggerUiOnTheDocument() throws IOException {
        RawHttp.Response redirect = RawHttp.get(GATEWAY, "/docs");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("location")).isEqualTo("/docs/");
        RawHttp.Response page = RawHttp.get(GATEWAY, "/docs/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
        RawHttp.Response start = RawHttp.get(GATEWAY, "/docs/swagger-initializer.js");
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.body()).contains("url: \"/openapi.json\"");
        // Served with their types: the page's nosniff would not run a script served as text/plain.
        RawHttp.Response bundle = RawHttp.get(GATEWAY, "/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("content-type")).startsWith("application/javascript");
        assertThat(RawHttp.get(GATEWAY, "/docs/swagger-ui.css").header("content-type")).startsWith("text/css");
    }

    @Test
    void theyAreReadOnlyAndMissingFilesAreEnvelopes() throws IOException {
        assertEnvelope(RawHttp.send(GATEWAY, "POST", "/openapi.json", Map.of(), new byte[0]), 405, "method_not_allowed");
        assertEnvelope(RawHttp.get(GATEWAY, "/docs/no-such-file.js"), 404, "not_found");
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }
}
