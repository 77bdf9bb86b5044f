package dev.orchestra.engine;

import dev.orchestra.platform.testing.ForgedTokenContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The platform's forged-token contract on this service's routes. */
@QuarkusTest
class ForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.get("/api/v1/engine/status").then();
    }

    @Test
    void everyRouteNeedsAToken() {
        refused(io.restassured.RestAssured.given().get("/api/v1/projects/" + UUID.randomUUID() + "/search?q=x").then());
        refused(io.restassured.RestAssured.given().get("/api/v1/extensions").then());
        refused(io.restassured.RestAssured.given().get("/api/v1/engine/status").then());
    }
}
