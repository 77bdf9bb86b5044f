package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.files;
import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.project.support.Api.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Someone else's project or file, a deleted one, or a malformed id → 404 not_found on every route,
 * never 500 — also for a body that only the stored entity would refuse. A body of the wrong shape
 * is refused alike for every caller.
 */
@QuarkusTest
class OwnershipTest {

    /** Every route, given a project id and a file id (as path text). */
    private static List<BiFunction<String, String, java.util.function.Function<RequestSpecification, ValidatableResponse>>> routes() {
        return List.of(
                (p, f) -> r -> r.get("/api/v1/projects/" + p).then(),
                (p, f) -> r -> r.body(json("name", "hijacked")).put("/api/v1/projects/" + p).then(),
                (p, f) -> r -> r.delete("/api/v1/projects/" + p).then(),
                (p, f) -> r -> r.get(files(p)).then(),
                (p, f) -> r -> r.body(json("path", "intruder.txt", "content", "x")).post(files(p)).then(),
                (p, f) -> r -> r.body(json("ids", List.of(f))).post(files(p) + "/batch-get").then(),
                (p, f) -> r -> r.get(files(p) + "/" + f).then(),
                (p, f) -> r -> r.body(json("content", "hijacked")).put(files(p) + "/" + f).then(),
                (p, f) -> r -> r.delete(files(p) + "/" + f).then());
    }

    private static void everyRouteIsNotFound(User caller, String projectId, String fileId) {
        int route = 0;
        for (var call : routes()) {
            String body = call.apply(projectId, fileId).apply(caller.request()).statusCode(404)
                    .body("error", equalTo("not_found")).extract().asString();
            assertThat(body).as("route %d", route++).doesNotContain("Owned");
        }
    }

    @Test
    void anotherUsersProjectAndFileAreNotFoundOnEveryRoute() {
        User owner = User.fresh();
        UUID projectId = project(owner, "Owned");
        UUID fileId = file(owner, projectId, "owned.txt", "Owned content");
        everyRouteIsNotFound(User.fresh(), projectId.toString(), fileId.toString());
        // Nothing of the owner's changed.
        getProject(owner, projectId).statusCode(200).body("data.name", equalTo("Owned")).body("data.version", equalTo(1));
        getFile(owner, projectId, fileId).statusCode(200).body("data.content", equalTo("Owned content")).body("data.version", equalTo(1));
        owner.request().get(files(projectId)).then().statusCode(200).body("data.size()", equalTo(1));
    }

    @Test
    void aBodyBreakingARuleOfTheStoredEntityIsNotFoundOnSomeoneElses() {
        User owner = User.fresh();
        UUID projectId = project(owner, "Owned");
        UUID fileId = file(owner, projectId, "owned.txt", "Owned content");
        file(owner, projectId, "taken.txt", "x");
        User stranger = User.fresh();
        // Well-shaped bodies that the owner's own entities refuse (stale version, path rule, path
        // collision, too many ids): on someone else's nothing is said of them, only 404.
        String file = files(projectId) + "/" + fileId;
        for (var write : List.<java.util.function.Function<User, ValidatableResponse>>of(
                user -> user.request().body(json("name", "Renamed", "version", 7)).put("/api/v1/projects/" + projectId).then(),
                user -> user.request().body(json("path", "../up")).put(file).then(),
                user -> user.request().body(json("path", "taken.txt")).put(file).then(),
                user -> user.request().body(json("content", "x", "version", 7)).put(file).then(),
                user -> user.request().body(json("path", "../up", "content", "x")).post(files(projectId)).then(),
                user -> user.request().body(json("ids", java.util.Collections.nCopies(101, fileId.toString())))
                        .post(files(projectId) + "/batch-get").then())) {
            int ownersStatus = write.apply(owner).extract().statusCode();
            assertThat(ownersStatus).isIn(409, 422);
            write.apply(stranger).statusCode(404).body("error", equalTo("not_found"));
        }
        getProject(owner, projectId).statusCode(200).body("data.name", equalTo("Owned")).body("data.version", equalTo(1));
        getFile(owner, projectId, fileId).statusCode(200).body("data.path", equalTo("owned.txt")).body("data.version", equalTo(1));
    }

    @Test
    void aBodyOfTheWrongShapeIsTheSameValidationErrorForEveryCaller() {
        User owner = User.fresh();
        UUID projectId = project(owner, "Owned");
        UUID fileId = file(owner, projectId, "owned.txt", "Owned content");
        User stranger = User.fresh();
        // Types, presence and lengths are checked before anything is looked up, so the answer is
        // the same whoever asks and whatever the ids: it cannot tell whether the entity exists.
        for (String id : List.of(projectId.toString(), UUID.randomUUID().toString())) {
            String project = "/api/v1/projects/" + id;
            String file = files(id) + "/" + fileId;
            for (User caller : List.of(owner, stranger)) {
                caller.request().body(json("name", "", "settings", 5)).put(project).then().statusCode(422)
                        .body("error", equalTo("validation_error"))
                        .body("details.name", equalTo("Name is required")).body("details.settings", equalTo("Must be a JSON object"));
                caller.request().body(json("path", null, "content", 5)).put(file).then().statusCode(422)
                        .body("details.path", equalTo("Path is required")).body("details.content", equalTo("Must be a string (UTF-8 text)"));
                caller.request().body(json("path", "../up", "content", 5)).post(files(id)).then().statusCode(422)
                        .body("details.content", equalTo("Must be a string (UTF-8 text)"));
                caller.request().body(json("ids", "not a list")).post(files(id) + "/batch-get").then().statusCode(422)
                        .body("details.ids", equalTo("Must be a list of file ids"));
            }
        }
        getProject(owner, projectId).statusCode(200).body("data.name", equalTo("Owned")).body("data.version", equalTo(1));
        getFile(owner, projectId, fileId).statusCode(200).body("data.content", equalTo("Owned content")).body("data.version", equalTo(1));
    }

    @Test
    void malformedAndUnknownIdsAreNotFoundOnEveryRoute() {
        User user = User.fresh();
        UUID projectId = project(user, "Mine");
        UUID fileId = file(user, projectId, "mine.txt", "x");
        for (String bad : List.of("nope", "123", "1-1-1-1-1", UUID.randomUUID().toString(), "%20")) {
            for (var call : routes().subList(0, 6)) {
                call.apply(bad, fileId.toString()).apply(user.request()).statusCode(404).body("error", equalTo("not_found"));
            }
            for (var call : routes().subList(6, 9)) {
                call.apply(projectId.toString(), bad).apply(user.request()).statusCode(404).body("error", equalTo("not_found"));
            }
        }
    }

    @Test
    void aDeletedProjectIsNotFoundOnEveryRoute() {
        User user = User.fresh();
        UUID projectId = project(user, "Owned");
        UUID fileId = file(user, projectId, "f.txt", "x");
        user.request().delete("/api/v1/projects/" + projectId).then().statusCode(204);
        everyRouteIsNotFound(user, projectId.toString(), fileId.toString());
    }
}
