package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Search through the gateway, end to end: files written over REST and by a sync push become
 * searchable (path, line, snippet), only for their owner; a deleted file leaves the results; the
 * engine's status and the extension list answer; with the development engine stopped, writes (REST
 * and sync push) still succeed, the status says the engine is unreachable and search answers 503, and
 * once ./orchestra up has brought it back the files written meanwhile become searchable. Each wait is
 * at most 30 s; the times measured are logged.
 */
class SearchJourneyTest {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SearchJourneyTest.class.getName());

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();
    static final Path ROOT = Path.of(System.getProperty("orchestra.root", "../.."));

    static RequestSpecification api(String token) {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON).auth().oauth2(token);
    }

    static String register() {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", "search-" + UUID.randomUUID() + "@example.com", "name", "Searching", "password", "search journey pass"))
                .post("/auth/register").then().statusCode(201).extract().path("data.access_token");
    }

    static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A new file written by a sync push from a device of its own (202: accepted, applied asynchronously). */
    static void push(String token, String project, UUID file, String path, String content) {
        api(token).body(Map.of("device_id", UUID.randomUUID().toString(), "mutations", List.of(SyncJourneyTest.mutation(1, "create", file,
                        null, Map.of("project_id", project, "path", path, "content", content)))))
                .post("/api/v1/sync/push").then().statusCode(202).body("data.last_submitted_mutation_id", equalTo(1));
    }

    static JsonPath engineStatus(String token) {
        return api(token).get("/api/v1/engine/status").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath search(String token, String project, String q) {
        return api(token).queryParam("q", q).get("/api/v1/projects/" + project + "/search").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Waits until the word's hits match, printing how long it took. A 503 while waiting is the engine
     * (or its breaker) still coming back: waited out like a miss.
     */
    static JsonPath awaitSearch(String token, String project, String q, int hits, String what) {
        long start = System.nanoTime();
        JsonPath[] last = new JsonPath[1];
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var answer = api(token).queryParam("q", q).get("/api/v1/projects/" + project + "/search").then().extract();
            if (answer.statusCode() == 503) {
                return false;
            }
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
            last[0] = answer.jsonPath();
            return last[0].getList("data.hits").size() == hits;
        });
        LOG.info(() -> String.format("search journey: %s after %d ms", what, (System.nanoTime() - start) / 1_000_000));
        return last[0];
    }

    @Test
    void filesBecomeSearchableForTheirOwnerOnlyAndSurviveAnEngineOutage() throws Exception {
        String token = register();
        String project = api(token).body(Map.of("name", "Searchable")).post("/api/v1/projects").then().statusCode(201)
                .extract().path("data.id");
        String restWord = word();
        String pushWord = word();
        String rest = api(token).body(Map.of("path", "src/rest.rs", "content", "fn main() {\n    let " + restWord + " = 1;\n}\n"))
                .post("/api/v1/projects/" + project + "/files").then().statusCode(201).extract().path("data.id");
        UUID pushed = UUID.randomUUID();
        push(token, project, pushed, "docs/pushed.md", "# Notes\n\nThe " + pushWord + " is here.\n");

        JsonPath found = awaitSearch(token, project, restWord, 1, "a file written over REST is searchable");
        assertThat(found.getString("data.hits[0].path")).isEqualTo("src/rest.rs");
        assertThat(found.getInt("data.hits[0].line")).isEqualTo(2);
        assertThat(found.getString("data.hits[0].snippet")).contains(restWord);
        assertThat(found.getString("data.hits[0].file_id")).isEqualTo(rest);
        found = awaitSearch(token, project, pushWord, 1, "a file pushed by sync is searchable");
        assertThat(found.getString("data.hits[0].path")).isEqualTo("docs/pushed.md");
        assertThat(found.getInt("data.hits[0].line")).isEqualTo(3);
        assertThat(found.getString("data.hits[0].file_id")).isEqualTo(pushed.toString());
        assertThat(found.getString("data.hits[0].snippet")).contains(pushWord);

        // Someone else's project is not found, however it is asked for.
        String stranger = register();
        api(stranger).queryParam("q", restWord).get("/api/v1/projects/" + project + "/search").then().statusCode(404)
                .body("error", equalTo("not_found"));

        // A deleted file leaves the results.
        api(token).delete("/api/v1/projects/" + project + "/files/" + rest).then().statusCode(204);
        awaitSearch(token, project, restWord, 0, "a deleted file left the results");

        // The engine answers (search just did), and the engine has taken this user's changes.
        JsonPath status = engineStatus(token);
        assertThat(status.getBoolean("data.engine_reachable")).isTrue();
        assertThat(status.getString("data.last_indexed_at")).isNotNull();
        // The stranger has nothing of their own waiting, whatever waits for others.
        status = engineStatus(stranger);
        assertThat(status.getInt("data.pending_files")).isZero();
        assertThat(status.getString("data.last_indexed_at")).isNull();

        extensionsAnswer(token);

        // The engine stops: writes go on, search says the engine is unavailable. Whatever happens next,
        // the engine is brought back for the tests after this one.
        try {
            outage(token, project);
        } finally {
            Process up = new ProcessBuilder(ROOT.resolve("orchestra").toString(), "up").directory(ROOT.toFile()).redirectErrorStream(true)
                    .start();
            up.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            up.waitFor();
        }
    }

    private static void outage(String token, String project) throws Exception {
        long enginePid = Long.parseLong(Files.readString(ROOT.resolve(".orchestra/pids/engine-dev.pid")).trim());
        ProcessHandle engine = ProcessHandle.of(enginePid).orElseThrow();
        engine.destroy();
        engine.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        String laterWord = word();
        api(token).body(Map.of("path", "src/later.rs", "content", "// written while the engine was down\nfn " + laterWord + "() {}\n"))
                .post("/api/v1/projects/" + project + "/files").then().statusCode(201);
        String pushedLaterWord = word();
        UUID pushedLater = UUID.randomUUID();
        push(token, project, pushedLater, "docs/later.md", "Pushed while the engine was down: " + pushedLaterWord + "\n");
        api(token).queryParam("q", laterWord).get("/api/v1/projects/" + project + "/search").then().statusCode(503)
                .body("error", equalTo("service_unavailable")).body("details.dependency", equalTo("engine"));
        // The status still answers 200: the engine unreachable, both writes waiting (once their events arrive).
        Awaitility.await("the status shows the engine unreachable and both files pending").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonPath status = engineStatus(token);
                    assertThat(status.getBoolean("data.engine_reachable")).isFalse();
                    assertThat(status.getInt("data.pending_files")).isEqualTo(2);
                });
        // The extension list is stored: it answers without the engine.
        extensionsAnswer(token);

        // ./orchestra up brings the engine back; what was written meanwhile becomes searchable.
        Process up = new ProcessBuilder(ROOT.resolve("orchestra").toString(), "up").directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(up.getInputStream().readAllBytes());
        assertThat(up.waitFor()).as(output).isZero();
        JsonPath found = awaitSearch(token, project, laterWord, 1, "a file written during the outage is searchable once the engine is back");
        assertThat(found.getString("data.hits[0].path")).isEqualTo("src/later.rs");
        found = awaitSearch(token, project, pushedLaterWord, 1, "a file pushed during the outage is searchable once the engine is back");
        assertThat(found.getString("data.hits[0].path")).isEqualTo("docs/later.md");
        assertThat(found.getInt("data.hits[0].line")).isEqualTo(1);
        assertThat(found.getString("data.hits[0].file_id")).isEqualTo(pushedLater.toString());
        assertThat(found.getString("data.hits[0].snippet")).contains(pushedLaterWord);
        Awaitility.await("the status shows the engine reachable and nothing pending").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonPath status = engineStatus(token);
                    assertThat(status.getBoolean("data.engine_reachable")).isTrue();
                    assertThat(status.getInt("data.pending_files")).isZero();
                });
    }

    /**
     * GET /api/v1/extensions: 200 with the list and its meta (ApiContract checks the schema too). The
     * scheduled check may not have run yet on a fresh stack, so its content is checked for consistency only.
     */
    private static void extensionsAnswer(String token) {
        JsonPath answer = api(token).get("/api/v1/extensions").then().statusCode(200).extract().jsonPath();
        Map<String, Object> meta = answer.getMap("meta");
        assertThat(meta).containsKeys("checked_at", "next_cursor");
        assertThat(meta.get("next_cursor")).isNull();
        List<Map<String, Object>> updates = answer.getList("data");
        if (meta.get("checked_at") == null) {
            assertThat(updates).as("nothing found before the first check").isEmpty();
        }
        assertThat(updates).allSatisfy(update -> {
            assertThat(update).containsOnlyKeys("id", "installed_version", "available_version", "download_url", "release_notes");
            assertThat((String) update.get("id")).isNotBlank();
            assertThat(update.get("available_version")).isNotEqualTo(update.get("installed_version"));
            assertThat(URI.create((String) update.get("download_url")).isAbsolute()).isTrue();
        });
    }
}
