package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionsTest {

    private static Account device(Account account, String userAgent) {
        return Account.of(login(account.email(), PASSWORD, userAgent).statusCode(200).extract(), account.email());
    }

    @Test
    void eachLoginIsASessionListedWithItsDeviceAndTheCurrentOneMarked() {
        Account laptop = registered();
        Account desktop = device(laptop, "Orchestra/2.1 (Linux)");
        var sessions = given().auth().oauth2(desktop.accessToken())
                .get("/api/v1/users/me/sessions").then().statusCode(200)
                .body("data.size()", equalTo(2))
                .body("meta.next_cursor", equalTo(null))
                .extract().jsonPath();
        assertThat(sessions.<String>getList("data.id")).containsExactlyInAnyOrder(laptop.sessionId().toString(),
                desktop.sessionId().toString());
        var current = sessions.getList("data", Map.class).stream().filter(s -> Boolean.TRUE.equals(s.get("current"))).toList();
        assertThat(current).hasSize(1);
        assertThat(current.get(0)).containsEntry("id", desktop.sessionId().toString())
                .containsEntry("user_agent", "Orchestra/2.1 (Linux)")
                .containsEntry("ip", "203.0.113.7")
                .containsKeys("ip", "created_at", "last_used_at");
        // Paged like every list.
        given().auth().oauth2(desktop.accessToken()).queryParam("limit", 1).get("/api/v1/users/me/sessions").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("meta.next_cursor", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(desktop.accessToken()).queryParam("limit", 0).get("/api/v1/users/me/sessions").then().statusCode(422)
                .body("details.limit", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void revokingOneSessionEndsItsTokensEverywhereAndPublishesExactlyItsId() {
        Account phone = registered();
        Account laptop = device(phone, "laptop");
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            given().auth().oauth2(laptop.accessToken()).delete("/api/v1/users/me/sessions/" + phone.sessionId()).then().statusCode(204);
            var revoked = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(phone.id().toString()) && e.envelope().hasSessionsRevoked());
            assertThat(revoked.envelope().getSessionsRevoked().getSessionIdsList()).containsExactly(phone.sessionId().toString());
        }
        me(phone.accessToken()).statusCode(401);
        refresh(phone.refreshToken()).statusCode(401);
        me(laptop.accessToken()).statusCode(200);
        // Once ended, it is gone; unknown, malformed and other users' sessions are 404.
        given().auth().oauth2(laptop.accessToken()).delete("/api/v1/users/me/sessions/" + phone.sessionId()).then().statusCode(404);
        given().auth().oauth2(laptop.accessToken()).delete("/api/v1/users/me/sessions/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(laptop.accessToken()).delete("/api/v1/users/me/sessions/nope").then().statusCode(404)
                .body("error", equalTo("not_found"));
        Account stranger = registered();
        given().auth().oauth2(laptop.accessToken()).delete("/api/v1/users/me/sessions/" + stranger.sessionId()).then().statusCode(404);
        me(stranger.accessToken()).statusCode(200);
    }

    @Test
    void anotherUsersSessionIsAnsweredExactlyAsAnUnknownOneAndKeepsWorking() {
        Account owner = registered();
        Account stranger = registered();
        String unknown = given().auth().oauth2(stranger.accessToken()).delete("/api/v1/users/me/sessions/" + UUID.randomUUID())
                .then().statusCode(404).extract().asString();
        String malformed = given().auth().oauth2(stranger.accessToken()).delete("/api/v1/users/me/sessions/not-a-uuid")
                .then().statusCode(404).extract().asString();
        String others = given().auth().oauth2(stranger.accessToken()).delete("/api/v1/users/me/sessions/" + owner.sessionId())
                .then().statusCode(404).extract().asString();
        // The route takes no body: whatever comes along is not read, for anyone's id alike.
        String withBody = given().auth().oauth2(stranger.accessToken()).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"id\": [\"a\\u0000b\"], \"x\": 1e999}").delete("/api/v1/users/me/sessions/" + owner.sessionId())
                .then().statusCode(404).extract().asString();
        assertThat(others).isEqualTo(unknown).isEqualTo(malformed).isEqualTo(withBody).contains("\"error\":\"not_found\"");
        me(owner.accessToken()).statusCode(200);
        given().auth().oauth2(owner.accessToken()).get("/api/v1/users/me/sessions").then().statusCode(200)
                .body("data.id", equalTo(List.of(owner.sessionId().toString())));
    }

    @Test
    void revokingAllOtherSessionsKeepsTheCurrentOne() {
        Account first = registered();
        Account second = device(first, "second");
        Account third = device(first, "third");
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            given().auth().oauth2(third.accessToken()).delete("/api/v1/users/me/sessions").then().statusCode(204);
            var revoked = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(first.id().toString()) && e.envelope().hasSessionsRevoked());
            assertThat(revoked.envelope().getSessionsRevoked().getSessionIdsList())
                    .containsExactlyInAnyOrder(first.sessionId().toString(), second.sessionId().toString());
        }
        me(first.accessToken()).statusCode(401);
        me(second.accessToken()).statusCode(401);
        me(third.accessToken()).statusCode(200);
        given().auth().oauth2(third.accessToken()).get("/api/v1/users/me/sessions").then().statusCode(200)
                .body("data.id", equalTo(List.of(third.sessionId().toString())));
    }

    @Test
    void logoutEndsThatSessionOnly() {
        Account first = registered();
        Account second = device(first, "second");
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            post("/auth/logout", Map.of("refresh_token", first.refreshToken())).statusCode(204);
            var revoked = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(first.id().toString()) && e.envelope().hasSessionsRevoked());
            assertThat(revoked.envelope().getSessionsRevoked().getSessionIdsList()).containsExactly(first.sessionId().toString());
        }
        refresh(first.refreshToken()).statusCode(401);
        me(first.accessToken()).statusCode(401);
        me(second.accessToken()).statusCode(200);
        refresh(second.refreshToken()).statusCode(200);
        // Logging out again, or with garbage, changes nothing and is not an error.
        post("/auth/logout", Map.of("refresh_token", first.refreshToken())).statusCode(204);
        post("/auth/logout", Map.of("refresh_token", "garbage")).statusCode(204);
    }
}
