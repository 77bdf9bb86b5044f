package dev.orchestra.e2e;

import static dev.orchestra.e2e.SyncJourneyTest.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * sync-service writes a project's and a file's state into its change log from project-service's events;
 * project-service answers the same state over REST. A client applies either, so they must agree field for
 * field: each change's {@code data}, in the log and in a snapshot, is exactly project-service's answer for
 * that version (a file's without its content, which a change never carries).
 */
class ChangeLogShapeTest {

    @Test
    void aChangesDataIsProjectServicesAnswerForThatVersion() {
        String token = SyncJourneyTest.register();
        UUID device = UUID.randomUUID();
        String cursor = SyncJourneyTest.pull(token, device, null).getString("data.cursor");

        Map<String, Object> settings = Map.of("theme", "dark", "ratio", 1.5, "tabs", List.of(2, 4), "nested", Map.of("on", true));
        JsonPath created = api(token).body(Map.of("name", "Shape", "path", "/home/ada/shape", "settings", settings))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath();
        String project = created.getString("data.id");
        Map<String, Object> fileCreated = api(token).body(Map.of("path", "src/lib.rs", "content", "pub fn shape() {}\n"))
                .post("/api/v1/projects/" + project + "/files").then().statusCode(201).extract().jsonPath().getMap("data");
        String file = (String) fileCreated.get("id");
        api(token).body(Map.of("name", "Shape renamed")).put("/api/v1/projects/" + project).then().statusCode(200);

        Map<String, Object> projectNow = api(token).get("/api/v1/projects/" + project).then().statusCode(200)
                .extract().jsonPath().getMap("data");
        Map<String, Object> fileNow = new HashMap<>(api(token).get("/api/v1/projects/" + project + "/files/" + file).then()
                .statusCode(200).extract().jsonPath().getMap("data"));
        assertThat(fileNow.remove("content")).isEqualTo("pub fn shape() {}\n");

        // The log after the device's cursor: each change carries project-service's answer for its version.
        List<Map<String, Object>> changes = new ArrayList<>();
        String[] at = {cursor};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath page = SyncJourneyTest.pull(token, device, at[0]);
            changes.addAll(page.getList("data.changes"));
            at[0] = page.getString("data.cursor");
            return data(changes, project).size() == 2 && data(changes, file).size() == 1;
        });
        assertThat(data(changes, project)).containsExactly(created.getMap("data"), projectNow);
        assertThat(data(changes, file)).containsExactly(fileCreated);
        assertThat(fileCreated).isEqualTo(fileNow);

        // A snapshot (a new device) shows the same state.
        List<Map<String, Object>> snapshot = SyncJourneyTest.pull(token, UUID.randomUUID(), null).getList("data.changes");
        assertThat(data(snapshot, project)).containsExactly(projectNow);
        assertThat(data(snapshot, file)).containsExactly(fileNow);
    }

    /** The data of each change about {@code entity}, in log order. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(List<Map<String, Object>> changes, String entity) {
        return changes.stream().filter(change -> entity.equals(change.get("entity_id")))
                .map(change -> (Map<String, Object>) change.get("data")).toList();
    }
}
