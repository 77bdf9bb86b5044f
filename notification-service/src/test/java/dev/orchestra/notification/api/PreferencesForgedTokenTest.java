package dev.orchestra.notification.api;

import dev.orchestra.platform.testing.ForgedTokenContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Platform's forged-token contract on the preferences route. */
@QuarkusTest
class PreferencesForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.get("/api/v1/notifications/preferences").then();
    }
}
