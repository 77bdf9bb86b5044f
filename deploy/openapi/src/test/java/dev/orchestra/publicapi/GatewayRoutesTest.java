package dev.orchestra.publicapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routing table as read from the gateway's real template: the upstream and the limits of each kind of path. */
class GatewayRoutesTest {

    private static GatewayRoutes routes;

    @BeforeAll
    static void read() throws IOException {
        routes = GatewayRoutes.of(Files.readString(Path.of("../gateway/templates/orchestra.conf.template")));
    }

    @Test
    void eachPublicPathReachesItsService() {
        assertThat(upstream("/auth/login")).isEqualTo("orchestra_auth");
        assertThat(upstream("/.well-known/jwks.json")).isEqualTo("orchestra_auth");
        assertThat(upstream("/api/v1/users/me")).isEqualTo("orchestra_auth");
        assertThat(upstream("/api/v1/users/me/sessions/p1")).isEqualTo("orchestra_auth");
        assertThat(upstream("/api/v1/projects")).isEqualTo("orchestra_project");
        assertThat(upstream("/api/v1/projects/p1/files/p1")).isEqualTo("orchestra_project");
        assertThat(upstream("/api/v1/sync/pull")).isEqualTo("orchestra_sync");
        assertThat(upstream("/api/v1/billing/checkout")).isEqualTo("orchestra_billing");
        assertThat(upstream("/webhooks/stripe")).isEqualTo("orchestra_billing");
        assertThat(upstream("/api/v1/notifications/preferences")).isEqualTo("orchestra_notification");
        assertThat(upstream("/api/v1/extensions")).isEqualTo("orchestra_engine");
    }

    @Test
    void aNestedRegularExpressionWinsInsideItsPrefix() {
        // Search inside a project belongs to engine-gateway, the rest of /api/v1/projects/ to project-service.
        assertThat(upstream("/api/v1/projects/p1/search")).isEqualTo("orchestra_engine");
        assertThat(upstream("/api/v1/projects/p1/searches")).isEqualTo("orchestra_project");
    }

    @Test
    void managementRoutesAndUnknownPathsReachNothing() {
        assertThat(routes.route("/q/openapi")).isEmpty();
        assertThat(routes.route("/api/v1/projects/q/health")).isEmpty();
        assertThat(routes.route("/internal/anything")).isEmpty();
        assertThat(routes.route("/health")).as("answered by the gateway itself").isEmpty();
        assertThat(routes.route("/_gateway/errors/404")).as("internal").isEmpty();
    }

    @Test
    void limitsComeFromTheLocationOrTheServer() {
        GatewayRoutes.Route login = routes.route("/auth/login").orElseThrow();
        assertThat(login.rateLimited()).isTrue();
        assertThat(login.maxBodyBytes()).isEqualTo(16 * 1024);
        GatewayRoutes.Route push = routes.route("/api/v1/sync/push").orElseThrow();
        assertThat(push.rateLimited()).isFalse();
        assertThat(push.maxBodyBytes()).isEqualTo(3 * 1024 * 1024);
        assertThat(routes.route("/api/v1/projects").orElseThrow().maxBodyBytes()).as("the server's ceiling").isEqualTo(8 * 1024 * 1024);
    }

    private static String upstream(String path) {
        return routes.route(path).orElseThrow(() -> new AssertionError(path + " is not routed")).upstream();
    }
}
