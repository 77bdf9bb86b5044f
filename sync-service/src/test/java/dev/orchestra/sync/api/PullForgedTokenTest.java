package dev.orchestra.sync.api;

import dev.orchestra.platform.testing.ForgedTokenContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** The platform's forged-token contract on this service's HTTP routes (the upgrade has its own test). */
@QuarkusTest
class PullForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body("{\"device_id\": \"" + UUID.randomUUID() + "\", \"cursor\": null}")
                .post("/api/v1/sync/pull").then();
    }
}
