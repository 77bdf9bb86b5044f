package dev.orchestra.auth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** The service's API as a client calls it, for tests. */
public final class AuthApi {

    public static final String PASSWORD = "correct horse battery";

    private AuthApi() {
    }

    /** A fresh address nobody registered. */
    public static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    public static ValidatableResponse register(String email, String name, String password) {
        return post("/auth/register", Map.of("email", email, "name", name, "password", password));
    }

    /** Registers a new account and returns its sign-in body ({@code data}). */
    public static Account registered() {
        return registered(newEmail());
    }

    public static Account registered(String email) {
        return Account.of(register(email, "Ada Lovelace", PASSWORD).statusCode(201).extract(), email);
    }

    public static ValidatableResponse login(String email, String password) {
        return post("/auth/login", Map.of("email", email, "password", password));
    }

    public static ValidatableResponse login(String email, String password, String userAgent) {
        return given().contentType(ContentType.JSON).header("User-Agent", userAgent).header("X-Real-IP", "203.0.113.7")
                .body(Map.of("email", email, "password", password)).post("/auth/login").then();
    }

    public static ValidatableResponse refresh(String refreshToken) {
        return post("/auth/refresh", Map.of("refresh_token", refreshToken));
    }

    public static ValidatableResponse me(String accessToken) {
        return given().auth().oauth2(accessToken).get("/api/v1/users/me").then();
    }

    /** A signed-in account: its id, address and the tokens of one session. */
    public record Account(UUID id, String email, String accessToken, String refreshToken) {
        public static Account of(ExtractableResponse<Response> signIn, String email) {
            return new Account(UUID.fromString(signIn.path("data.user.id")), email, signIn.path("data.access_token"),
                    signIn.path("data.refresh_token"));
        }

        /** The session id ({@code sid}) of this account's access token. */
        public UUID sessionId() {
            return Jwt.sessionId(accessToken);
        }
    }
}
