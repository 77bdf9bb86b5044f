package dev.orchestra.platform.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every way a request can fail ends in the envelope of docs/architecture.md section 2. */
@QuarkusTest
class ErrorEnvelopeTest {

    static ValidatableResponse envelope(ValidatableResponse response, int status, String error) {
        return response.statusCode(status)
                .contentType(containsString("application/json"))
                .body("error", equalTo(error))
                .body("message", notNullValue())
                .body("details", notNullValue());
    }

    @Test
    void timestampsAreRfc3339UtcWithMilliseconds() {
        given().get("/probe/time").then().statusCode(200)
                .body("data.at", equalTo("2026-11-25T10:15:30.123Z"))
                .body("data.whole_second", equalTo("2026-11-25T10:15:30.000Z"));
    }

    @Test
    void beanValidationNamesTheField() {
        envelope(given().contentType("application/json").body("{\"name\": \"  \"}").post("/probe/things").then(),
                422, "validation_error").body("details.name", equalTo("Name is required"));
    }

    @Test
    void malformedJsonIsAValidationError() {
        envelope(given().contentType("application/json").body("{\"name\": ").post("/probe/things").then(),
                422, "validation_error").body("details", hasKey("body"));
    }

    @Test
    void wrongTypesNameTheField() {
        envelope(given().contentType("application/json").body("{\"name\": \"a\", \"count\": \"many\"}").post("/probe/things").then(),
                422, "validation_error").body("details.count", containsString("number"));
        envelope(given().contentType("application/json").body("{\"name\": \"a\", \"owner_id\": \"nope\"}").post("/probe/things").then(),
                422, "validation_error").body("details.owner_id", containsString("UUID"));
        envelope(given().contentType("application/json").body("[1, 2]").post("/probe/things").then(),
                422, "validation_error");
        // A number or a boolean is not a string either.
        for (String name : new String[] {"5", "5.5", "true"}) {
            envelope(given().contentType("application/json").body("{\"name\": " + name + "}").post("/probe/things").then(),
                    422, "validation_error").body("details.name", containsString("string"));
        }
    }

    @Test
    void nulAndUnpairedSurrogatesAreRefusedWherever() {
        envelope(given().contentType("application/json").body("{\"name\": \"a\\u0000b\"}").post("/probe/things").then(),
                422, "validation_error").body("details.name", equalTo("Must not contain NUL characters or unpaired surrogates"));
        envelope(given().contentType("application/json").body("{\"name\": \"a\", \"settings\": {\"deep\": [\"ok\", \"\\ud800x\"]}}")
                .post("/probe/things").then(), 422, "validation_error").body("details", hasKey("settings.deep.1"));
        envelope(given().contentType("application/json").body("{\"name\": \"\\udc00\"}").post("/probe/things").then(),
                422, "validation_error");
        // A correctly paired surrogate (an emoji) and an escaped backslash before "u0000" are fine.
        given().contentType("application/json").body("{\"name\": \"\\ud83c\\udfb5 \\\\u0000\"}").post("/probe/things")
                .then().statusCode(200);
    }

    @Test
    void numbersOutsideTheRuleAndDuplicateKeysAreValidationErrorsNamingTheField() {
        for (String hostile : new String[] {"1e200000", "1e-20000", "1e100000", "1e-5000", "1e309", "1" + "2".repeat(101)}) {
            envelope(given().contentType("application/json").body("{\"name\": \"a\", \"settings\": {\"n\": " + hostile + "}}")
                    .post("/probe/things").then(), 422, "validation_error")
                    .body("details.'settings.n'", equalTo(dev.orchestra.platform.json.JsonNumbers.MESSAGE));
        }
        envelope(given().contentType("application/json").body("{\"name\": \"a\", \"count\": 1e400}").post("/probe/things").then(),
                422, "validation_error").body("details", hasKey("count"));
        envelope(given().contentType("application/json").body("{\"name\": \"a\", \"name\": \"b\"}").post("/probe/things").then(),
                422, "validation_error");
        given().contentType("application/json").body("{\"name\": \"a\", \"settings\": {\"n\": 1e308, \"m\": -1.5e-308}}")
                .post("/probe/things").then().statusCode(200);
    }

    @Test
    void queryParametersFollowTheSameStringRule() {
        envelope(given().urlEncodingEnabled(false).get("/probe/search?q=a%00b").then(), 422, "validation_error")
                .body("details.q", equalTo("Must not contain NUL characters or unpaired surrogates"));
        given().get("/probe/search?q=fine").then().statusCode(200).body("data.q", equalTo("fine"));
    }

    @Test
    void anEmptyJsonBodyIsAValidationError() {
        envelope(given().contentType("application/json").body("").post("/probe/things").then(), 422, "validation_error")
                .body("details.body", equalTo("Required"));
    }

    @Test
    void aMalformedIdIsNotFound() {
        envelope(given().get("/probe/things/not-a-uuid").then(), 404, "not_found");
        envelope(given().get("/probe/things/" + java.util.UUID.randomUUID()).then(), 404, "not_found");
    }

    @Test
    void unknownRoutesWrongMethodsAndMediaTypes() {
        envelope(given().get("/nothing/here").then(), 404, "not_found");
        envelope(given().delete("/probe/things").then(), 405, "method_not_allowed");
        envelope(given().contentType("text/plain").body("name=a").post("/probe/things").then(), 415, "unsupported_media_type");
        envelope(given().accept("text/csv").contentType("application/json").body("{\"name\":\"a\"}").post("/probe/things").then(),
                406, "not_acceptable");
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLarge() {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
        envelope(given().contentType("application/json").body(big).post("/probe/things").then(), 413, "payload_too_large");
    }

    @Test
    void aRouteWithASmallerLimitRefusesWhatOthersTake() {
        String twoKibibytes = "{\"name\": \"" + "x".repeat(2 * 1024) + "\"}";
        envelope(given().contentType("application/json").body(twoKibibytes).post("/probe/small/things").then(), 413,
                "payload_too_large");
        given().contentType("application/json").body("{\"name\": \"small\"}").post("/probe/small/things").then().statusCode(200);
        // Under the overall limit elsewhere: the same body is read.
        given().contentType("application/json").body(twoKibibytes).post("/probe/things").then().statusCode(org.hamcrest.Matchers.not(413));
    }

    @Test
    void conflictsCarryTheCurrentVersionAndRateLimitsRetryAfter() {
        envelope(given().contentType("application/json").post("/probe/stale").then(), 409, "conflict").body("details.current_version", equalTo(7));
        envelope(given().contentType("application/json").post("/probe/limited").then(), 429, "rate_limited").header("Retry-After", "42");
    }

    @Test
    void unexpectedErrorsSayNothingInternal() {
        envelope(given().get("/probe/bug").then(), 500, "internal_error")
                .body("details", aMapWithSize(0))
                .body(not(containsString("secret_table")))
                .body(not(containsString("dev.orchestra")));
    }

    @Test
    void requestIdsAreKeptOrMade() {
        given().header("X-Request-Id", "gateway-made-1").get("/nothing").then().header("X-Request-Id", "gateway-made-1");
        given().get("/nothing").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
