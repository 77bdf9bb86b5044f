package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An account's life through the gateway: sign up, two devices, profile, rotation, revocation, logout. */
class AuthJourneyTest {

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();
    static final String PASSWORD = "end to end passphrase";

    static RequestSpecification api() {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON);
    }

    @Test
    void signUpUseTwoDevicesRotateAndSignOut() {
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        var registered = api().body(Map.of("email", email, "name", "End To End", "password", PASSWORD))
                .post("/auth/register").then().statusCode(201)
                .body("data.user.email", equalTo(email))
                .body("data.user.plan", equalTo("free"))
                .body("data.token_type", equalTo("Bearer")).extract();
        String laptopAccess = registered.path("data.access_token");
        String laptopRefresh = registered.path("data.refresh_token");

        api().body(Map.of("email", email, "password", "wrong password")).post("/auth/login").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        var desktop = api().header("User-Agent", "Orchestra-Desktop/1.0").body(Map.of("email", email.toUpperCase(), "password", PASSWORD))
                .post("/auth/login").then().statusCode(200).extract();
        String desktopAccess = desktop.path("data.access_token");

        api().auth().oauth2(desktopAccess).body(Map.of("name", "Renamed")).put("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"2\"").body("data.name", equalTo("Renamed"));
        api().auth().oauth2(laptopAccess).get("/api/v1/users/me").then().statusCode(200).body("data.name", equalTo("Renamed"));

        var sessions = api().auth().oauth2(desktopAccess).get("/api/v1/users/me/sessions").then().statusCode(200)
                .body("data.size()", equalTo(2)).extract().jsonPath();
        assertThat(sessions.getList("data.user_agent")).contains("Orchestra-Desktop/1.0");
        // The session shows an address (the gateway's X-Real-IP; locally the client and nginx share 127.0.0.1, so
        // which of the two it is shows only in auth-service's SessionsTest, which sets the header itself).
        assertThat(sessions.<String>getList("data.ip")).allSatisfy(ip -> assertThat(ip).isNotBlank());

        String rotated = api().body(Map.of("refresh_token", laptopRefresh)).post("/auth/refresh").then().statusCode(200)
                .extract().path("data.refresh_token");
        assertThat(rotated).isNotEqualTo(laptopRefresh);

        // The desktop signs the laptop out: its tokens die, the desktop keeps working.
        api().auth().oauth2(desktopAccess).delete("/api/v1/users/me/sessions").then().statusCode(204);
        api().auth().oauth2(laptopAccess).get("/api/v1/users/me").then().statusCode(401).body("error", equalTo("unauthorized"));
        api().body(Map.of("refresh_token", rotated)).post("/auth/refresh").then().statusCode(401);
        api().auth().oauth2(desktopAccess).get("/api/v1/users/me").then().statusCode(200);

        api().body(Map.of("refresh_token", desktop.path("data.refresh_token"))).post("/auth/logout").then().statusCode(204);
        api().auth().oauth2(desktopAccess).get("/api/v1/users/me").then().statusCode(401);
    }

    @Test
    void adminRoutesNeedTheAdminGroup() {
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        String access = api().body(Map.of("email", email, "name", "Not Admin", "password", PASSWORD))
                .post("/auth/register").then().statusCode(201).extract().path("data.access_token");
        api().auth().oauth2(access).get("/api/v1/admin/users").then().statusCode(403).body("error", equalTo("forbidden"));
        api().get("/api/v1/admin/users").then().statusCode(401).body("error", equalTo("unauthorized"));
    }
}
