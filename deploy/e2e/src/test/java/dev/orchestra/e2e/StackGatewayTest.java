package dev.orchestra.e2e;

import static dev.orchestra.e2e.Envelope.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The running stack's gateway (./orchestra up): what it answers itself and what it never lets through. */
class StackGatewayTest {

    static final URI GATEWAY = URI.create(System.getenv().getOrDefault("ORCHESTRA_GATEWAY_URL", "http://127.0.0.1:8080"));
    /** A service of the stack, reached directly: its management routes do exist. */
    static final URI AUTH_SERVICE = URI.create("http://127.0.0.1:8081");

    @Test
    void answersItsOwnHealth() throws IOException {
        RawHttp.Response response = RawHttp.get(GATEWAY, "/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void unknownRouteIsAnEnvelopedNotFound() throws IOException {
        assertEnvelope(RawHttp.get(GATEWAY, "/nope"), 404, "not_found");
        assertEnvelope(RawHttp.get(GATEWAY, "/api/v2/projects"), 404, "not_found");
    }

    @Test
    void theTokenKeysArePublishedThroughTheGateway() throws IOException {
        RawHttp.Response jwks = RawHttp.get(GATEWAY, "/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").contains("\"kid\":\"local-").doesNotContain("\"d\":");
    }

    @Test
    void routesReachTheirServiceWhoseErrorsAreEnvelopesToo() throws IOException {
        // No service has endpoints at these paths yet: the service itself answers, in the envelope,
        // with the gateway's request id.
        for (String path : java.util.List.of("/api/v1/projects/unknown/thing", "/api/v1/sync/nothing", "/api/v1/billing/nothing")) {
            RawHttp.Response response = RawHttp.send(GATEWAY, "GET", path, Map.of("X-Request-Id", "e2e-route-check"), null);
            assertEnvelope(response, 404, "not_found");
            assertThat(response.header("x-request-id")).isEqualTo("e2e-route-check");
        }
    }

    @Test
    void managementRoutesExistBehindTheGateway() throws IOException {
        assertThat(RawHttp.get(AUTH_SERVICE, "/q/health").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/q/health", "//q/health", "/%71/health", "/%2Fq/health", "/api/v1/../q/health",
            "/api/v1/projects/..%2F..%2Fq/health", "/api/v1/projects/%2e%2e/%2e%2e/q/health",
            "/auth/../q/health", "/.well-known/../q/metrics", "/api/v1/q/health", "/api/v1/%71/health",
            "/api/v1/sync/./../../q/openapi", "/Q/health/../../q/health", "/api/v1/users/me/%2e%2e/%2e%2e/q/health"})
    void managementRoutesAreNeverReachable(String spelling) throws IOException {
        assertEnvelope(RawHttp.get(GATEWAY, spelling), 404, "not_found");
    }

    /** nginx refuses a path that climbs above the root before any route is chosen. */
    @ParameterizedTest
    @ValueSource(strings = {"/../q/health", "/auth/..%2f..%2fq/health", "/api/../../q/health"})
    void pathsAboveTheRootAreEnvelopedBadRequests(String spelling) throws IOException {
        assertEnvelope(RawHttp.get(GATEWAY, spelling), 400, "validation_error");
    }

    @Test
    void requestIdIsMadeWhenAbsentAndKeptWhenGiven() throws IOException {
        String made = RawHttp.get(GATEWAY, "/health").header("x-request-id");
        assertThat(made).matches("[0-9a-f]{32}");
        RawHttp.Response kept = RawHttp.send(GATEWAY, "GET", "/health", Map.of("X-Request-Id", "client-chosen-42"), null);
        assertThat(kept.header("x-request-id")).isEqualTo("client-chosen-42");
        RawHttp.Response unsafe = RawHttp.send(GATEWAY, "GET", "/health", Map.of("X-Request-Id", "bad id\"{}"), null);
        assertThat(unsafe.header("x-request-id")).matches("[0-9a-f]{32}");
    }
}
