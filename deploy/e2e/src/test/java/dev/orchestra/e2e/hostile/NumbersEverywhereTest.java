package dev.orchestra.e2e.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The number rule end to end, through the gateway: the same values sent over REST and through a
 * sync push get the same answer; what is accepted reaches every device's pull intact (by value) and
 * can be edited again over both paths; what is refused is a 422 naming the number, with nothing
 * stored. Account settings likewise come back intact from every read of the account.
 */
class NumbersEverywhereTest {

    static final String GATEWAY = System.getenv().getOrDefault("ORCHESTRA_GATEWAY_URL", "http://127.0.0.1:8080");
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Accepted: within ±308 and at most 100 significant digits, in several notations. */
    static final Map<String, String> ACCEPTED = new LinkedHashMap<>(Map.of(
            "largest", "1e308", "smallest", "-1e-308", "exact", "0.10000000000000000001", "zeros", "1.50",
            "digits", "1" + "2".repeat(99), "mixed", "123.456e-300", "integer", "12345678901234567890123"));
    /** Refused: what answered 500, or grew to 100,000 digits, or never reached a device before the rule. */
    static final List<String> REFUSED = List.of("1e309", "9.99e308", "1e-309", "1e200000", "1e-20000", "1e100000", "1e-5000", "1" + "2".repeat(100));

    static RequestSpecification api(String token) {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON).auth().oauth2(token);
    }

    static String settingsJson() {
        return ACCEPTED.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    @Test
    void acceptedNumbersReachEveryPullIntactAndStayEditableRefusedOnesAreRefusedAlike() throws Exception {
        String email = "numbers-" + UUID.randomUUID() + "@example.com";
        String token = given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Numbers", "password", "numbers pass phrase"))
                .post("/auth/register").then().statusCode(201).extract().path("data.access_token");
        UUID device = UUID.randomUUID();

        for (String number : REFUSED) {
            api(token).body("{\"name\":\"refused\",\"settings\":{\"n\":" + number + "}}").post("/api/v1/projects").then()
                    .statusCode(422).body("error", org.hamcrest.Matchers.equalTo("validation_error"))
                    .body("details", org.hamcrest.Matchers.hasKey("settings.n"));
            api(token).body("{\"device_id\":\"" + device + "\",\"mutations\":[{\"id\":1,\"entity\":\"project\",\"op\":\"create\","
                            + "\"entity_id\":\"" + UUID.randomUUID() + "\",\"data\":{\"name\":\"refused\",\"settings\":{\"n\":" + number + "}}}]}")
                    .post("/api/v1/sync/push").then().statusCode(422)
                    .body("details", org.hamcrest.Matchers.hasKey("mutations.0.data.settings.n"));
            api(token).body("{\"settings\":{\"n\":" + number + "}}").put("/api/v1/users/me").then().statusCode(422)
                    .body("details", org.hamcrest.Matchers.hasKey("settings.n"));
        }
        api(token).get("/api/v1/projects").then().statusCode(200).body("data.size()", org.hamcrest.Matchers.equalTo(0));

        String viaRest = api(token).body("{\"name\":\"via REST\",\"settings\":" + settingsJson() + "}").post("/api/v1/projects").then()
                .statusCode(201).extract().path("data.id");
        String viaPush = UUID.randomUUID().toString();
        api(token).body("{\"device_id\":\"" + device + "\",\"mutations\":[{\"id\":1,\"entity\":\"project\",\"op\":\"create\","
                + "\"entity_id\":\"" + viaPush + "\",\"data\":{\"name\":\"via push\",\"settings\":" + settingsJson() + "}}]}")
                .post("/api/v1/sync/push").then().statusCode(202);

        // Every device's snapshot has both, numbers intact by value.
        UUID otherDevice = UUID.randomUUID();
        Map<String, JsonNode> pulled = awaitProjects(token, otherDevice, List.of(viaRest, viaPush), 1);
        for (JsonNode project : pulled.values()) {
            assertIntact(project.path("data").path("settings"));
        }
        // Editable again, over REST and through a push.
        api(token).body(Map.of("name", "via REST, renamed")).put("/api/v1/projects/" + viaRest).then().statusCode(200)
                .body("data.version", org.hamcrest.Matchers.equalTo(2));
        api(token).body("{\"device_id\":\"" + device + "\",\"mutations\":[{\"id\":2,\"entity\":\"project\",\"op\":\"update\","
                + "\"entity_id\":\"" + viaPush + "\",\"base_version\":1,\"data\":{\"name\":\"via push, renamed\",\"settings\":"
                + settingsJson() + "}}]}").post("/api/v1/sync/push").then().statusCode(202);
        pulled = awaitProjects(token, UUID.randomUUID(), List.of(viaRest, viaPush), 2);
        for (JsonNode project : pulled.values()) {
            assertIntact(project.path("data").path("settings"));
        }
        JsonNode rest = read(api(token).get("/api/v1/projects/" + viaRest).then().statusCode(200).extract().asString());
        assertIntact(rest.path("data").path("settings"));

        // Account settings: intact on every read of the account.
        api(token).body("{\"settings\":" + settingsJson() + "}").put("/api/v1/users/me").then().statusCode(200);
        assertIntact(read(api(token).get("/api/v1/users/me").then().statusCode(200).extract().asString()).path("data").path("settings"));
        String login = given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", email, "password", "numbers pass phrase"))
                .post("/auth/login").then().statusCode(200).extract().asString();
        assertIntact(read(login).path("data").path("user").path("settings"));
        String refreshed = given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("refresh_token", read(login).path("data").path("refresh_token").asText()))
                .post("/auth/refresh").then().statusCode(200).extract().asString();
        assertIntact(read(refreshed).path("data").path("user").path("settings"));
    }

    /** The snapshot pull of a new device, once it shows each project at the version asked. */
    private static Map<String, JsonNode> awaitProjects(String token, UUID device, List<String> ids, long version) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            String body = api(token).body("{\"device_id\":\"" + device + "\",\"cursor\":null}").post("/api/v1/sync/pull").then()
                    .statusCode(200).extract().asString();
            for (JsonNode change : read(body).path("data").path("changes")) {
                if (ids.contains(change.path("entity_id").asText()) && change.path("version").asLong() == version) {
                    found.put(change.path("entity_id").asText(), change);
                }
            }
            return found.size() == ids.size();
        });
        return found;
    }

    private static void assertIntact(JsonNode settings) {
        for (Map.Entry<String, String> expected : ACCEPTED.entrySet()) {
            JsonNode value = settings.path(expected.getKey());
            assertThat(value.isNumber()).as("%s in %s", expected.getKey(), settings).isTrue();
            assertThat(value.decimalValue()).as(expected.getKey()).isEqualByComparingTo(new BigDecimal(expected.getValue()));
        }
    }

    private static JsonNode read(String json) throws Exception {
        return EXACT.readTree(json);
    }
}
