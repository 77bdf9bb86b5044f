package dev.orchestra.sync.api;

import dev.orchestra.platform.testing.ForgedTokenContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The platform's forged-token contract on the WebSocket upgrade: every forgery is a 401 envelope.
 * The genuine token gets past authentication to the device check (no device_id here: a 422), so the
 * contract never has to hold a socket open.
 */
@QuarkusTest
class UpgradeForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").get("/ws").then();
    }
}
