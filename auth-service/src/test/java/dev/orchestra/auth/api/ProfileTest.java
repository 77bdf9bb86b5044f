package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.registered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileTest {

    private static ValidatableResponse put(Account account, String json) {
        return given().auth().oauth2(account.accessToken()).contentType(ContentType.JSON).body(json).put("/api/v1/users/me").then();
    }

    @Test
    void meAnswersTheUserWithItsVersionAsETag() {
        Account account = registered();
        me(account.accessToken()).statusCode(200)
                .header("ETag", "\"1\"")
                .body("data.id", equalTo(account.id().toString()))
                .body("data.email", equalTo(account.email()))
                .body("data", org.hamcrest.Matchers.not(hasKey("password_hash")));
    }

    @Test
    void aPartialUpdateChangesOnlyTheGivenFieldsAndPublishesTheNewState() {
        Account account = registered();
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            put(account, "{\"avatar_url\": \"https://cdn.example.com/a.png\", \"settings\": {\"theme\": \"dark\", \"tabs\": [1, 2]}}")
                    .statusCode(200).header("ETag", "\"2\"")
                    .body("data.name", equalTo("Ada Lovelace"))
                    .body("data.avatar_url", equalTo("https://cdn.example.com/a.png"))
                    .body("data.settings.theme", equalTo("dark"))
                    .body("data.settings.tabs", equalTo(List.of(1, 2)));
            var updated = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasUserUpdated());
            assertThat(updated.ceType()).isEqualTo("dev.orchestra.auth.user_updated.v1");
            var state = updated.envelope().getUserUpdated().getUser();
            assertThat(state.getVersion()).isEqualTo(2);
            assertThat(state.getAvatarUrl()).isEqualTo("https://cdn.example.com/a.png");
            assertThat(state.getSettingsJson()).contains("\"theme\"").contains("dark");
        }
        // settings are replaced whole; null clears the avatar; absent fields stay.
        put(account, "{\"name\": \"  Ada King \", \"avatar_url\": null, \"settings\": {\"font\": 12}}").statusCode(200)
                .header("ETag", "\"3\"")
                .body("data.name", equalTo("Ada King"))
                .body("data.avatar_url", equalTo(null))
                .body("data.settings", equalTo(Map.of("font", 12)));
        put(account, "{\"settings\": null}").statusCode(200).body("data.settings", equalTo(Map.of()));
        // Nothing changes: no new version.
        put(account, "{\"name\": \"Ada King\"}").statusCode(200).header("ETag", "\"4\"");
        put(account, "{}").statusCode(200).header("ETag", "\"4\"");
    }

    @Test
    void settingsKeepTheirNumbersExactlyInCanonicalFormWithinTheRule() throws Exception {
        Account account = registered();
        put(account, "{\"settings\": {\"ratio\": 0.10000000000000000001, \"huge\": 1e308, \"z\": 2.50}}").statusCode(200)
                .header("ETag", "\"2\"");
        String body = me(account.accessToken()).statusCode(200).extract().asString();
        var exact = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(body).get("data").get("settings");
        assertThat(exact.get("ratio").decimalValue()).isEqualByComparingTo("0.10000000000000000001");
        assertThat(exact.get("huge").decimalValue()).isEqualByComparingTo("1e308");
        // One canonical form: plain digits, no trailing zeros.
        assertThat(body).containsPattern("\"z\":\\s*2\\.5[,}]").containsPattern("\"huge\":\\s*1" + "0".repeat(308) + "[,}]");
        // The same values in another notation change nothing.
        put(account, "{\"settings\": {\"ratio\": 1.0000000000000000001e-1, \"huge\": 10e307, \"z\": 2.5}}").statusCode(200)
                .header("ETag", "\"2\"");
        // Outside the rule: 422 naming the number, the account unchanged (never a 500, never 100,000 digits on every read).
        for (String hostile : new String[] {"1e200000", "1e-20000", "1e100000", "1e309", "1e-309", "1" + "1".repeat(100)}) {
            put(account, "{\"settings\": {\"n\": " + hostile + "}}").statusCode(422).body("error", equalTo("validation_error"))
                    .body("details.'settings.n'", equalTo(dev.orchestra.platform.json.JsonNumbers.MESSAGE));
        }
        me(account.accessToken()).header("ETag", "\"2\"").body("data.settings.z", equalTo(2.5f));
    }

    @Test
    void aStaleVersionIs409WithTheCurrentOne() {
        Account account = registered();
        put(account, "{\"name\": \"B\", \"version\": 1}").statusCode(200).header("ETag", "\"2\"");
        put(account, "{\"name\": \"C\", \"version\": 1}").statusCode(409)
                .body("error", equalTo("conflict")).body("details.current_version", equalTo(2));
        given().auth().oauth2(account.accessToken()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body("{\"name\": \"C\"}").put("/api/v1/users/me").then().statusCode(409).body("details.current_version", equalTo(2));
        given().auth().oauth2(account.accessToken()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body("{\"name\": \"C\"}").put("/api/v1/users/me").then().statusCode(200).header("ETag", "\"3\"");
        me(account.accessToken()).body("data.name", equalTo("C"));
    }

    @Test
    void invalidFieldsAre422AndChangeNothing() {
        Account account = registered();
        put(account, "{\"name\": \"\"}").statusCode(422).body("details.name", equalTo("Name is required"));
        put(account, "{\"name\": null}").statusCode(422).body("details.name", equalTo("Name is required"));
        put(account, "{\"name\": 3}").statusCode(422).body("details.name", equalTo("Must be a string"));
        put(account, "{\"avatar_url\": \"ftp://example.com/a.png\"}").statusCode(422).body("details", hasKey("avatar_url"));
        put(account, "{\"avatar_url\": \"javascript:alert(1)\"}").statusCode(422).body("details", hasKey("avatar_url"));
        put(account, "{\"avatar_url\": \"https://" + "a".repeat(2048) + ".com\"}").statusCode(422)
                .body("details.avatar_url", equalTo("Must be at most 2048 characters"));
        put(account, "{\"settings\": [1]}").statusCode(422).body("details.settings", equalTo("Must be a JSON object or null"));
        put(account, "{\"settings\": \"{}\"}").statusCode(422).body("details", hasKey("settings"));
        put(account, "{\"settings\": {\"big\": \"" + "x".repeat(64 * 1024) + "\"}}").statusCode(422)
                .body("details.settings", equalTo("Must be at most 64 KiB of JSON"));
        put(account, "{\"version\": \"one\"}").statusCode(422).body("details", hasKey("version"));
        put(account, "[]").statusCode(422);
        put(account, "{\"name\": \"a\\ud800b\"}").statusCode(422).body("details", hasKey("name"));
        given().auth().oauth2(account.accessToken()).contentType(ContentType.JSON).header("If-Match", "nonsense")
                .body("{\"name\": \"C\"}").put("/api/v1/users/me").then().statusCode(422).body("details", hasKey("if_match"));
        me(account.accessToken()).statusCode(200).header("ETag", "\"1\"").body("data.name", equalTo("Ada Lovelace"));
        // Just under the settings limit passes.
        put(account, "{\"settings\": {\"big\": \"" + "x".repeat(64 * 1024 - 20) + "\"}}").statusCode(200);
    }

    @Test
    void everyMistypedFieldIsNamedInOneAnswerAndAbsentDiffersFromNull() {
        Account account = registered();
        put(account, "{\"name\": true, \"avatar_url\": 5, \"settings\": \"dark\", \"version\": 1.5}").statusCode(422)
                .body("details.name", equalTo("Must be a string"))
                .body("details.avatar_url", equalTo("Must be a string or null"))
                .body("details.settings", equalTo("Must be a JSON object or null"))
                .body("details.version", equalTo("Must be a whole number"));
        put(account, "{\"version\": null}").statusCode(422).body("details.version", equalTo("Must be a whole number"));
        put(account, "{\"version\": 9223372036854775808}").statusCode(422).body("details", hasKey("version"));
        put(account, "\"text\"").statusCode(422).body("details", hasKey("body"));
        put(account, "null").statusCode(422).body("details", hasKey("body"));
        me(account.accessToken()).statusCode(200).header("ETag", "\"1\"");
        // Unknown fields are ignored, as on every route.
        put(account, "{\"avatar_url\": \"https://cdn.example.com/b.png\", \"colour\": 1}").statusCode(200).header("ETag", "\"2\"");
        // Absent: unchanged; null: removed.
        put(account, "{\"name\": \"Ada\"}").statusCode(200).body("data.avatar_url", equalTo("https://cdn.example.com/b.png"));
        put(account, "{\"avatar_url\": null}").statusCode(200).body("data.avatar_url", equalTo(null)).body("data.name", equalTo("Ada"));
    }

    @Test
    void withoutATokenTheProfileIsUnreachable() {
        given().get("/api/v1/users/me").then().statusCode(401).body("error", equalTo("unauthorized"));
    }
}
