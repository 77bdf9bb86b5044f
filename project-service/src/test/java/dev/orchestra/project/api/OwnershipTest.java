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

/** Someone else's project or file, a deleted one, or a malformed id → 404 not_found on every route, never 500. */
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
    void aWriteWithBadDataToSomeoneElsesEntityIsNotFoundNotAValidationError() {
        User owner = User.fresh();
        UUID projectId = project(owner, "Owned");
        UUID fileId = file(owner, projectId, "owned.txt", "Owned content");
        User stranger = User.fresh();
        // The data would be refused (422) on the caller's own entity; on someone else's nothing is said of it.
        stranger.request().body(json("name", "", "settings", 5)).put("/api/v1/projects/" + projectId).then().statusCode(404)
                .body("error", equalTo("not_found"));
        stranger.request().body(json("path", "../up", "content", 5)).put(files(projectId) + "/" + fileId).then().statusCode(404)
                .body("error", equalTo("not_found"));
        stranger.request().body(json("path", "../up", "content", 5)).post(files(projectId)).then().statusCode(404)
                .body("error", equalTo("not_found"));
        stranger.request().body(json("ids", "not a list")).post(files(projectId) + "/batch-get").then().statusCode(404)
                .body("error", equalTo("not_found"));
        getProject(owner, projectId).statusCode(200).body("data.version", equalTo(1));
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
