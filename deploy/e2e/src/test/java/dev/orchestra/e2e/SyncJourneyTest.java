package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two devices of one user through the gateway: a project made over REST, a file pushed from A and
 * seen on B's socket, both pulling (B fetching the content), a stale update from A rejected to A
 * only, and A's last processed mutation moving on.
 */
class SyncJourneyTest {

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();

    static RequestSpecification api(String token) {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON).auth().oauth2(token);
    }

    static String register() {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", "sync-" + UUID.randomUUID() + "@example.com", "name", "Syncing", "password", "sync journey pass"))
                .post("/auth/register").then().statusCode(201).extract().path("data.access_token");
    }

    static Map<String, Object> mutation(long id, String op, UUID entity, Long baseVersion, Map<String, Object> data) {
        Map<String, Object> mutation = new HashMap<>(Map.of("id", id, "entity", "file", "op", op, "entity_id", entity.toString(), "data", data));
        if (baseVersion != null) {
            mutation.put("base_version", baseVersion);
        }
        return mutation;
    }

    static JsonPath pull(String token, UUID device, String cursor) {
        Map<String, Object> body = new HashMap<>();
        body.put("device_id", device.toString());
        body.put("cursor", cursor);
        return api(token).body(body).post("/api/v1/sync/pull").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aFilePushedFromOneDeviceReachesTheOtherAndAStaleUpdateIsRejectedToItsDeviceOnly() throws Exception {
        String token = register();
        String project = api(token).body(Map.of("name", "Journey")).post("/api/v1/projects").then().statusCode(201)
                .extract().path("data.id");
        UUID file = UUID.randomUUID();
        try (Device a = Device.connect(GATEWAY, token); Device b = Device.connect(GATEWAY, token)) {
            api(token).body(Map.of("device_id", a.id.toString(), "mutations", List.of(mutation(1, "create", file, null,
                    Map.of("project_id", project, "path", "src/main.rs", "content", "fn main() {}\n")))))
                    .post("/api/v1/sync/push").then().statusCode(202).body("data.last_submitted_mutation_id", equalTo(1));

            JsonNode onB = b.socket.await("changes", frame -> Device.names(frame, file));
            JsonNode change = onB.get("changes").get(0);
            assertThat(change.get("op").asText()).isEqualTo("create");
            assertThat(change.get("data").get("path").asText()).isEqualTo("src/main.rs");
            assertThat(change.get("data").has("content")).isFalse();
            assertThat(change.get("origin").get("device_id").asText()).isEqualTo(a.id.toString());
            a.socket.await("changes", frame -> Device.names(frame, file));

            // Both pull (a snapshot: the project and the file); B fetches the content from project-service.
            for (Device device : List.of(a, b)) {
                JsonPath pulled = pull(token, device.id, null);
                assertThat(pulled.<String>getList("data.changes.entity_id")).contains(project, file.toString());
            }
            JsonPath batch = api(token).body(Map.of("ids", List.of(file.toString())))
                    .post("/api/v1/projects/" + project + "/files/batch-get").then().statusCode(200).extract().jsonPath();
            assertThat(batch.getString("data.files[0].content")).isEqualTo("fn main() {}\n");
            assertThat(batch.getString("data.files[0].id")).isEqualTo(file.toString());

            // A pushes an update on a version that is not the current one: rejected, to A alone.
            api(token).body(Map.of("device_id", a.id.toString(), "mutations", List.of(mutation(2, "update", file, 7L,
                    Map.of("content", "stale")))))
                    .post("/api/v1/sync/push").then().statusCode(202).body("data.last_submitted_mutation_id", equalTo(2));
            JsonNode rejected = a.socket.await("rejected");
            JsonNode rejection = rejected.get("rejected").get(0);
            assertThat(rejection.get("mutation_id").asLong()).isEqualTo(2);
            assertThat(rejection.get("reason").asText()).isEqualTo("stale_version");
            assertThat(rejection.get("current_version").asLong()).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> pull(token, a.id, null).getLong("data.last_mutation_id") == 2);
            // A later change of the same user reaches B through the same ordered broadcast: once B has it,
            // any rejected frame meant for B would have come before it. None did.
            UUID later = UUID.randomUUID();
            api(token).body(Map.of("device_id", a.id.toString(), "mutations", List.of(mutation(3, "create", later, null,
                    Map.of("project_id", project, "path", "src/lib.rs", "content", "")))))
                    .post("/api/v1/sync/push").then().statusCode(202);
            b.socket.await("changes", frame -> Device.names(frame, later));
            assertThat(b.socket.history()).noneSatisfy(frame -> assertThat(frame.get("type").asText()).isEqualTo("rejected"));
            assertThat(a.socket.history()).filteredOn(frame -> frame.get("type").asText().equals("rejected")).hasSize(1);
            assertThat(pull(token, b.id, null).getList("data.rejected")).isEmpty();
            assertThat(pull(token, a.id, null).getList("data.rejected")).hasSize(1);
        }
    }
}
