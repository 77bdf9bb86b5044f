package dev.orchestra.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.orchestra.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Upgrades to a WebSocket path without (good) credentials: 401 in the envelope, never an empty body. */
@QuarkusTest
class WebSocketUpgradeTest {

    static RequestSpecification upgrade() {
        return given().header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void anUpgradeWithoutATokenIsAnEnvelopedUnauthorized() {
        upgrade().get("/probe/ws").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void anUpgradeWithAForgedTokenIsAnEnvelopedUnauthorized() {
        upgrade().header("Authorization", "Bearer " + Tokens.forUser(java.util.UUID.randomUUID()).issuer("https://evil.example").sign())
                .get("/probe/ws").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void credentialsPassTheFilter() {
        // No socket endpoint exists in the chassis' tests: past the filter, the route is unknown.
        upgrade().header("Authorization", "Bearer " + Tokens.anyUser()).get("/probe/ws").then().statusCode(not(401));
        upgrade().header("Sec-WebSocket-Protocol", "bearer-token-carrier, quarkus-http-upgrade%23Authorization%23Bearer%20x")
                .get("/probe/ws").then().statusCode(not(401));
    }
}
