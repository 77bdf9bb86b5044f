package dev.orchestra.auth.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Raw JSON bodies, for what a typed client would never send. */
final class AuthApiBodies {

    private AuthApiBodies() {
    }

    static ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then();
    }
}
