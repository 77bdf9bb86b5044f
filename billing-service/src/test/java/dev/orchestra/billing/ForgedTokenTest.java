package dev.orchestra.billing;

import dev.orchestra.platform.testing.ForgedTokenContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The platform's forged-token contract on this service's own routes. */
@QuarkusTest
class ForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.get("/api/v1/billing/subscription").then();
    }
}
