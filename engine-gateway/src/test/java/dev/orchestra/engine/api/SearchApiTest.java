package dev.orchestra.engine.api;

import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/projects/{id}/search: the owner only, q and limit checked, 503 while the engine is away; 406 on every route. */
@QuarkusTest
class SearchApiTest extends EngineGatewayTest {

    private UUID owner;
    private UUID project;

    /** A project of twelve lines that all hold "panda", indexed. */
    @BeforeEach
    void anIndexedProject() {
        owner = UUID.randomUUID();
        project = UUID.randomUUID();
        projectCreated(owner, project);
        fileUpserted(owner, project, UUID.randomUUID(), "zoo/pandas.txt", "panda\n".repeat(12), 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "panda").size() == 12);
        awaitNoJobs(project);
    }

    @Test
    void onlyTheOwnerSearchesAndEveryoneElseGetsNotFound() {
        search(owner, project, "panda").statusCode(200).body("data.hits.size()", equalTo(12)).body("data.pending_files", equalTo(0));
        search(UUID.randomUUID(), project, "panda").statusCode(404).body("error", equalTo("not_found"))
                .body("message", notNullValue()).body("details.size()", equalTo(0));
        search(owner, UUID.randomUUID(), "panda").statusCode(404).body("error", equalTo("not_found"));
        given().header("Authorization", "Bearer " + token(owner)).queryParam("q", "panda")
                .get("/api/v1/projects/not-a-uuid/search").then().statusCode(404).body("error", equalTo("not_found"));
        // Even the owner's project looks the same as an unknown one to another user, bad parameters or not.
        search(UUID.randomUUID(), project, "panda", "5").statusCode(404);
    }

    @Test
    void theQueryAndTheLimitAreChecked() {
        invalid(search(owner, project, null), "q");
        invalid(search(owner, project, ""), "q");
        invalid(search(owner, project, "p".repeat(257)), "q");
        // 256 characters (code points) is fine, astral ones included.
        search(owner, project, "panda " + "x".repeat(250)).statusCode(200);
        search(owner, project, "panda " + "😀".repeat(250)).statusCode(200);
        // What the engine refuses is the query's fault too.
        invalid(search(owner, project, "!!!"), "q");
        invalid(search(owner, project, "\"panda"), "q");

        for (String limit : new String[] {"0", "101", "-1", "ten", "1.5", " 5", "99999999999"}) {
            invalid(search(owner, project, "panda", limit), "limit");
        }
        search(owner, project, "panda", "5").statusCode(200).body("data.hits.size()", equalTo(5));
        search(owner, project, "panda", "100").statusCode(200).body("data.hits.size()", equalTo(12));
        search(owner, project, "panda", "1").statusCode(200).body("data.hits.size()", equalTo(1))
                .body("data.hits[0].line", equalTo(1)).body("data.hits[0].path", equalTo("zoo/pandas.txt"));
        // Both wrong: both named.
        search(owner, project, "", "0").statusCode(422).body("details.q", notNullValue()).body("details.limit", notNullValue());
        // The default is 20 (an empty limit is an absent one, as everywhere).
        fileUpserted(owner, project, UUID.randomUUID(), "zoo/more.txt", "panda\n".repeat(30), 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "panda").size() == 42);
        search(owner, project, "panda").statusCode(200).body("data.hits.size()", equalTo(20));
        given().header("Authorization", "Bearer " + token(owner)).get("/api/v1/projects/" + project + "/search?q=panda&limit=")
                .then().statusCode(200).body("data.hits.size()", equalTo(20));
    }

    @Test
    void pendingFilesAreCountedAndAnAbsentEngineIs503() {
        // A file whose job waits (its next attempt later): the hits come, with the count of what waits.
        execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash, next_attempt_at) "
                + "values ('index', ?, ?, ?, 1, 'later.txt', ?, '', now() + interval '1 hour')",
                project, UUID.randomUUID(), owner, "panda later".getBytes());
        // Another user's waiting files, in a project of their own: counted for them, never for the owner.
        UUID other = UUID.randomUUID();
        UUID otherProject = UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash, next_attempt_at) "
                    + "values ('index', ?, ?, ?, 1, 'theirs.txt', ?, '', now() + interval '1 hour')",
                    otherProject, UUID.randomUUID(), other, "panda theirs".getBytes());
        }
        search(owner, project, "panda").statusCode(200).body("data.pending_files", equalTo(1));
        status(owner).statusCode(200).body("data.pending_files", equalTo(1)).body("data.last_indexed_at", notNullValue());
        status(other).statusCode(200).body("data.pending_files", equalTo(2));
        // A user with nothing of their own waiting sees 0, however much waits for others.
        status(UUID.randomUUID()).statusCode(200).body("data.pending_files", equalTo(0)).body("data.last_indexed_at", equalTo(null));
        execute("delete from jobs where project_id in (?, ?)", project, otherProject);

        TestEngine.stop();
        search(owner, project, "panda").statusCode(503).header("Retry-After", notNullValue())
                .body("error", equalTo("service_unavailable")).body("details.dependency", equalTo("engine"))
                .body("$", not(hasKey("data")));
        // Neither a 404 nor a 422 needs the engine.
        search(UUID.randomUUID(), project, "panda").statusCode(404);
        invalid(search(owner, project, "panda", "0"), "limit");
    }

    @Test
    void theStatusIsTheCallersOwn() {
        UUID stranger = UUID.randomUUID();
        status(stranger).statusCode(200).body("data.engine_reachable", equalTo(true)).body("data.pending_files", equalTo(0))
                .body("data.last_indexed_at", equalTo(null)).body("data", hasKey("last_indexed_at"));
        status(owner).statusCode(200).body("data.last_indexed_at",
                org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void aCallerThatTakesNoJsonGetsNotAcceptable() {
        for (String path : new String[] {"/api/v1/projects/" + project + "/search?q=panda", "/api/v1/engine/status",
                "/api/v1/extensions"}) {
            given().header("Authorization", "Bearer " + token(owner)).accept("text/csv").get(path).then().statusCode(406)
                    .body("error", equalTo("not_acceptable")).body("message", notNullValue());
        }
    }

    private static void invalid(io.restassured.response.ValidatableResponse response, String field) {
        response.statusCode(422).body("error", equalTo("validation_error")).body("details." + field, notNullValue());
    }
}
