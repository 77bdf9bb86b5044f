package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.createProject;
import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.listProjects;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Api.updateProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.orchestra.platform.json.JsonNumbers;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Projects over REST: CRUD, partial updates, validation, client ids, versions with ETag/If-Match. */
@QuarkusTest
class ProjectApiTest {

    @Inject
    AgroalDataSource dataSource;

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void createReadUpdateAndDelete() {
        User user = User.fresh();
        String id = createProject(user, json("name", "  Alpha  ", "path", "/home/ada/alpha", "settings", Map.of("theme", "dark")))
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", matchesPattern(".*/api/v1/projects/[0-9a-f-]{36}$"))
                .body("data.name", equalTo("Alpha"))
                .body("data.path", equalTo("/home/ada/alpha"))
                .body("data.settings.theme", equalTo("dark"))
                .body("data.version", equalTo(1))
                .body("data.created_at", matchesPattern(TIMESTAMP))
                .body("data.updated_at", matchesPattern(TIMESTAMP))
                .body("data", org.hamcrest.Matchers.hasKey("last_synced_at"))
                .body("data.last_synced_at", nullValue())
                .extract().path("data.id");
        assertThat(UUID.fromString(id).version()).isEqualTo(7);

        getProject(user, id).statusCode(200).header("ETag", "\"1\"").body("data.name", equalTo("Alpha"));

        // Absent fields stay; the name changes.
        updateProject(user, id, json("name", "Beta")).statusCode(200).header("ETag", "\"2\"")
                .body("data.name", equalTo("Beta")).body("data.path", equalTo("/home/ada/alpha"))
                .body("data.settings.theme", equalTo("dark")).body("data.version", equalTo(2));
        // null clears the optional path.
        updateProject(user, id, json("path", null)).statusCode(200)
                .body("data.path", nullValue()).body("data.name", equalTo("Beta")).body("data.version", equalTo(3));
        // settings are replaced whole.
        updateProject(user, id, json("settings", Map.of("font", "mono"))).statusCode(200)
                .body("data.settings.font", equalTo("mono")).body("data.settings.theme", nullValue()).body("data.version", equalTo(4));
        // settings: null → {}.
        updateProject(user, id, json("settings", null)).statusCode(200).body("data.settings", anEmptyMap())
                .body("data.version", equalTo(5));

        deleteProject(user, id).statusCode(204);
        getProject(user, id).statusCode(404).body("error", equalTo("not_found"));
        updateProject(user, id, json("name", "Gamma")).statusCode(404).body("error", equalTo("not_found"));
        deleteProject(user, id).statusCode(404).body("error", equalTo("not_found"));
        listProjects(user, "").statusCode(200).body("data.id", not(hasItem(id)));
    }

    @Test
    void aCreateWithOnlyANameGetsDefaults() {
        User user = User.fresh();
        createProject(user, json("name", "Solo")).statusCode(201)
                .body("data.path", nullValue()).body("data.settings", anEmptyMap()).body("data.last_synced_at", nullValue());
    }

    @Test
    void anUpdateThatChangesNothingMakesNoVersion() {
        User user = User.fresh();
        UUID id = project(user, "Same");
        updateProject(user, id, json("name", " Same ", "settings", Map.of())).statusCode(200).header("ETag", "\"1\"")
                .body("data.version", equalTo(1));
        updateProject(user, id, json()).statusCode(200).body("data.version", equalTo(1));
    }

    @Test
    void everyFieldRuleIsA422NamingTheField() {
        User user = User.fresh();
        createProject(user, json()).statusCode(422).body("error", equalTo("validation_error")).body("details.name", equalTo("Name is required"));
        createProject(user, json("name", "   ")).statusCode(422).body("details.name", equalTo("Name is required"));
        createProject(user, json("name", 42)).statusCode(422).body("details.name", equalTo("Must be a string"));
        createProject(user, json("name", "x".repeat(256))).statusCode(422).body("details.name", equalTo("Must be at most 255 characters"));
        createProject(user, json("name", "  " + "x".repeat(255) + "  ")).statusCode(201).body("data.name", equalTo("x".repeat(255)));
        // 255 characters outside the BMP are 510 UTF-16 units: still 255 characters.
        createProject(user, json("name", "😀".repeat(255))).statusCode(201);
        createProject(user, json("name", "ok", "path", "p".repeat(1025))).statusCode(422)
                .body("details.path", equalTo("Must be at most 1,024 characters"));
        createProject(user, json("name", "ok", "path", 7)).statusCode(422).body("details.path", equalTo("Must be a string or null"));
        createProject(user, json("name", "ok", "settings", List.of(1))).statusCode(422)
                .body("details.settings", equalTo("Must be a JSON object"));
        createProject(user, json("name", "ok", "settings", "{}")).statusCode(422).body("details.settings", equalTo("Must be a JSON object"));
        createProject(user, json("name", "ok", "settings", Map.of("blob", "x".repeat(64 * 1024)))).statusCode(422)
                .body("details.settings", equalTo("Must be at most 64 KiB of JSON"));
        createProject(user, json("name", "ok", "id", "not-a-uuid")).statusCode(422).body("details.id", equalTo("Must be a UUID"));
        // Several at once: each field named.
        createProject(user, json("name", "", "path", 1, "settings", 2)).statusCode(422)
                .body("details.name", equalTo("Name is required")).body("details.path", equalTo("Must be a string or null"))
                .body("details.settings", equalTo("Must be a JSON object"));
        // Not an object, not JSON, NUL, empty body.
        createProject(user, List.of("name")).statusCode(422).body("details.body", equalTo("Must be a JSON object"));
        user.request().body("{\"name\": ").post("/api/v1/projects").then().statusCode(422).body("error", equalTo("validation_error"));
        user.request().body("{\"name\": \"a\\u0000b\"}").post("/api/v1/projects").then().statusCode(422).body("details.name", org.hamcrest.Matchers.notNullValue());
        user.request().post("/api/v1/projects").then().statusCode(422).body("error", equalTo("validation_error"));
        // A JSON null is no object either, on every body route (the typed bodies are never null).
        UUID own = project(user, "Null bodies");
        UUID ownFile = dev.orchestra.project.support.Api.file(user, own, "null.txt", "x");
        for (String route : List.of("/api/v1/projects", "/api/v1/projects/" + own, "/api/v1/projects/" + own + "/files",
                "/api/v1/projects/" + own + "/files/" + ownFile, "/api/v1/projects/" + own + "/files/batch-get")) {
            var call = user.request().body("null");
            (route.equals("/api/v1/projects/" + own) || route.endsWith(ownFile.toString()) ? call.put(route) : call.post(route))
                    .then().statusCode(422).body("details.body", equalTo("Must be a JSON object"));
        }
        user.request().contentType(ContentType.TEXT).body("name=x").post("/api/v1/projects").then().statusCode(415)
                .body("error", equalTo("unsupported_media_type"));

        UUID id = project(user, "Valid");
        updateProject(user, id, json("name", null)).statusCode(422).body("details.name", equalTo("Name is required"));
        updateProject(user, id, json("name", "")).statusCode(422).body("details.name", equalTo("Name is required"));
        updateProject(user, id, json("version", "1")).statusCode(422).body("details.version", equalTo("Must be a positive whole number"));
        updateProject(user, id, json("version", 0)).statusCode(422).body("details.version", equalTo("Must be a positive whole number"));
        updateProject(user, id, json("settings", 3)).statusCode(422).body("details.settings", equalTo("Must be a JSON object"));
        // Nothing of the refused writes was applied.
        getProject(user, id).statusCode(200).body("data.version", equalTo(1)).body("data.name", equalTo("Valid"));
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        User user = User.fresh();
        createProject(user, json("name", "ok", "path", "p".repeat(1024))).statusCode(201).body("data.path", equalTo("p".repeat(1024)));
        // 1,024 characters outside the BMP (2,048 UTF-16 units, 4 KiB of UTF-8).
        createProject(user, json("name", "ok", "path", "😀".repeat(1024))).statusCode(201);
        // {"k":"…"} of exactly 65,536 bytes of compact JSON, and one byte more.
        String settings = createProject(user, json("name", "ok", "settings", Map.of("k", "x".repeat(64 * 1024 - 8)))).statusCode(201)
                .extract().path("data.settings.k");
        assertThat(settings).hasSize(64 * 1024 - 8);
        createProject(user, json("name", "ok", "settings", Map.of("k", "x".repeat(64 * 1024 - 7)))).statusCode(422)
                .body("details.settings", equalTo("Must be at most 64 KiB of JSON"));
    }

    @Test
    void settingsNumbersFollowTheRuleAndAreStoredCanonically() {
        User user = User.fresh();
        String id = user.request().body("{\"name\": \"Exact\", \"settings\": {\"n\": 0.10000000000000000001, \"e\": 1e2, "
                + "\"max\": 1.7976931348623157e308, \"tiny\": 4.9e-308, \"z\": 1.50}}").post("/api/v1/projects").then().statusCode(201)
                .body("data.settings.e", equalTo(100)).extract().path("data.id");
        UUID uuid = UUID.fromString(id);
        assertThat(Db.value(dataSource, "select settings->>'n' from projects where id = ?", uuid)).isEqualTo("0.10000000000000000001");
        assertThat(Db.value(dataSource, "select settings->>'e' from projects where id = ?", uuid)).isEqualTo("100");
        assertThat(Db.value(dataSource, "select settings->>'z' from projects where id = ?", uuid)).isEqualTo("1.5");
        assertThat(Db.value(dataSource, "select settings->>'tiny' from projects where id = ?", uuid)).isEqualTo("0." + "0".repeat(307) + "49");
        // The same values in another notation: nothing changes, no version.
        user.request().body("{\"settings\": {\"e\": 100, \"n\": 1.0000000000000000001E-1, \"max\": 17976931348623157"
                + "0".repeat(292) + ", \"tiny\": 0.49e-307, \"z\": 15e-1}}").put("/api/v1/projects/" + id).then().statusCode(200)
                .body("data.version", equalTo(1));
        // Outside the rule (exponent beyond ±308, more than 100 significant digits): 422 naming the number, nothing stored.
        for (String number : List.of("1e400", "-1e309", "1e-309", "1.8e308", "9.99e308", "1e-5000", "1e200000", "1e-20000", "1" + "2".repeat(100))) {
            user.request().body("{\"name\": \"Huge\", \"settings\": {\"a\": {\"b\": [" + number + "]}}}").post("/api/v1/projects")
                    .then().statusCode(422).body("error", equalTo("validation_error"))
                    .body("details.'settings.a.b.0'", equalTo(JsonNumbers.MESSAGE));
            user.request().body("{\"settings\": {\"n\": " + number + "}}").put("/api/v1/projects/" + id).then().statusCode(422)
                    .body("details.'settings.n'", equalTo(JsonNumbers.MESSAGE));
        }
        getProject(user, id).statusCode(200).body("data.version", equalTo(1));
        listProjects(user, "").body("data.size()", equalTo(1));
        // The 64 KiB are measured on the stored (canonical) form: 1e308 is 309 digits there.
        String many = java.util.stream.IntStream.range(0, 250).mapToObj(i -> "\"k" + i + "\": 1e308")
                .collect(java.util.stream.Collectors.joining(", "));
        user.request().body("{\"name\": \"Grows\", \"settings\": {" + many + "}}").post("/api/v1/projects").then().statusCode(422)
                .body("details.settings", equalTo("Must be at most 64 KiB of JSON"));
    }

    @Test
    void aRepeatedCreateIsTheExistingProjectOnlyWhenItAsksForTheSame() {
        User user = User.fresh();
        UUID id = UUID.randomUUID();
        createProject(user, json("id", id.toString(), "name", "Retry", "settings", Map.of("n", 100))).statusCode(201)
                .body("data.id", equalTo(id.toString()));
        // The same create in canonical form (trimmed name, numbers by value): the existing project, 200.
        user.request().body("{\"id\": \"" + id + "\", \"name\": \"  Retry \", \"settings\": {\"n\": 1.00e2}}").post("/api/v1/projects")
                .then().statusCode(200).body("data.id", equalTo(id.toString())).body("data.version", equalTo(1)).header("ETag", "\"1\"");
        // A different body under the same id: the id is taken, 409, nothing changes.
        createProject(user, json("id", id.toString(), "name", "Other name", "settings", Map.of("n", 100))).statusCode(409)
                .body("error", equalTo("conflict")).body("details.id", equalTo("Already taken"));
        createProject(user, json("id", id.toString(), "name", "Retry", "settings", Map.of("n", 101))).statusCode(409);
        getProject(user, id).body("data.name", equalTo("Retry")).body("data.version", equalTo(1));
        // Once another device renamed it, the old create differs from what the project holds.
        updateProject(user, id, json("name", "Renamed")).statusCode(200);
        createProject(user, json("id", id.toString(), "name", "Retry", "settings", Map.of("n", 100))).statusCode(409);
        listProjects(user, "").body("data.size()", equalTo(1));
    }

    @Test
    void anIdTakenOtherwiseIsAConflictThatShowsNothing() {
        User owner = User.fresh();
        User other = User.fresh();
        UUID id = UUID.randomUUID();
        createProject(owner, json("id", id.toString(), "name", "Secret name")).statusCode(201);
        String body = createProject(other, json("id", id.toString(), "name", "Mine")).statusCode(409)
                .body("error", equalTo("conflict")).extract().asString();
        assertThat(body).doesNotContain("Secret").doesNotContain(owner.id().toString());
        getProject(other, id).statusCode(404);

        // A deleted project's id is taken too (its tombstone stays), also for its owner.
        deleteProject(owner, id).statusCode(204);
        createProject(owner, json("id", id.toString(), "name", "Again")).statusCode(409).body("error", equalTo("conflict"));
        createProject(other, json("id", id.toString(), "name", "Again")).statusCode(409);
    }

    @Test
    void versionsAreCheckedWithIfMatchOrTheBodyVersion() {
        User user = User.fresh();
        UUID id = project(user, "Versioned");
        user.request().header("If-Match", "\"1\"").body(json("name", "Two")).put("/api/v1/projects/" + id).then()
                .statusCode(200).header("ETag", "\"2\"");
        user.request().header("If-Match", "\"1\"").body(json("name", "Stale")).put("/api/v1/projects/" + id).then()
                .statusCode(409).body("error", equalTo("conflict")).body("details.current_version", equalTo(2));
        updateProject(user, id, json("name", "Stale", "version", 1)).statusCode(409).body("details.current_version", equalTo(2));
        updateProject(user, id, json("name", "Three", "version", 2)).statusCode(200).header("ETag", "\"3\"");
        // A weak ETag is accepted; a stale version also refuses a change of nothing.
        user.request().header("If-Match", "W/\"3\"").body(json("name", "Four")).put("/api/v1/projects/" + id).then()
                .statusCode(200).header("ETag", "\"4\"");
        updateProject(user, id, json("version", 3)).statusCode(409).body("details.current_version", equalTo(4));
        // Both given and different, or a malformed If-Match → 422.
        user.request().header("If-Match", "\"4\"").body(json("name", "x", "version", 3)).put("/api/v1/projects/" + id).then()
                .statusCode(422).body("details.version", org.hamcrest.Matchers.notNullValue());
        user.request().header("If-Match", "four").body(json("name", "x")).put("/api/v1/projects/" + id).then()
                .statusCode(422).body("details.if_match", org.hamcrest.Matchers.notNullValue());
        // Delete with a stale If-Match is refused and deletes nothing; with the current one it deletes.
        user.request().header("If-Match", "\"3\"").delete("/api/v1/projects/" + id).then()
                .statusCode(409).body("details.current_version", equalTo(4));
        getProject(user, id).statusCode(200).body("data.name", equalTo("Four"));
        user.request().header("If-Match", "\"4\"").delete("/api/v1/projects/" + id).then().statusCode(204);
        getProject(user, id).statusCode(404);
    }

    @Test
    void concurrentConditionalUpdatesNeverLoseOneSilently() throws Exception {
        User user = User.fresh();
        UUID id = project(user, "Contested");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> updates = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = "Writer " + i;
                updates.add(() -> user.request().header("If-Match", "\"1\"").body(json("name", name))
                        .put("/api/v1/projects/" + id).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(updates)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        getProject(user, id).statusCode(200).body("data.version", equalTo(2));
    }
}
