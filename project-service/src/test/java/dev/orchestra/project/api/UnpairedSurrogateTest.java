package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.files;
import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.listProjects;
import static dev.orchestra.project.support.Api.project;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.project.support.Api.User;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every string of every body of this service's routes refuses unpaired UTF-16 surrogates (docs/architecture.md
 * section 2: PostgreSQL cannot store them, hashes of them are ambiguous): 422 naming the field,
 * escaped ({@code \ud800}) or as raw bytes (not UTF-8 at all), values and keys. Pairs are fine.
 */
@QuarkusTest
class UnpairedSurrogateTest {

    @Test
    void projectRoutesRefuseThem() {
        User user = User.fresh();
        user.request().body("{\"name\": \"a\\ud800b\"}").post("/api/v1/projects").then().statusCode(422)
                .body("error", equalTo("validation_error")).body("details.name", notNullValue());
        user.request().body("{\"name\": \"ok\", \"path\": \"\\udfff\"}").post("/api/v1/projects").then().statusCode(422)
                .body("details.path", notNullValue());
        user.request().body("{\"name\": \"ok\", \"settings\": {\"deep\": [{\"x\": \"\\udbff\"}]}}").post("/api/v1/projects").then()
                .statusCode(422).body("error", equalTo("validation_error"));
        user.request().body("{\"name\": \"ok\", \"settings\": {\"key\\ud800\": 1}}").post("/api/v1/projects").then()
                .statusCode(422).body("error", equalTo("validation_error"));
        // Raw: the UTF-8-like encoding of a lone surrogate (ED A0 80) is not UTF-8.
        byte[] raw = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        user.request().body(raw).post("/api/v1/projects").then().statusCode(422).body("error", equalTo("validation_error"));
        listProjects(user, "").body("data.size()", equalTo(0));

        UUID id = project(user, "kept");
        user.request().body("{\"name\": \"\\ud800\"}").put("/api/v1/projects/" + id).then().statusCode(422)
                .body("details.name", notNullValue());
        user.request().body("{\"settings\": {\"k\": \"\\udc00x\"}}").put("/api/v1/projects/" + id).then().statusCode(422);
        getProject(user, id).statusCode(200).body("data.name", equalTo("kept")).body("data.version", equalTo(1));
        // A pair is one character.
        user.request().body("{\"name\": \"\\ud83d\\ude00\"}").put("/api/v1/projects/" + id).then().statusCode(200)
                .body("data.name", equalTo("😀"));
    }

    @Test
    void fileRoutesRefuseThem() {
        User user = User.fresh();
        UUID projectId = project(user, "files");
        user.request().body("{\"path\": \"a\\ud800.txt\", \"content\": \"x\"}").post(files(projectId)).then().statusCode(422)
                .body("details.path", notNullValue());
        user.request().body("{\"path\": \"a.txt\", \"content\": \"x\\udc00\"}").post(files(projectId)).then().statusCode(422)
                .body("details.content", notNullValue());
        UUID id = file(user, projectId, "kept.txt", "kept");
        user.request().body("{\"content\": \"\\ud800\"}").put(files(projectId) + "/" + id).then().statusCode(422)
                .body("details.content", notNullValue());
        user.request().body("{\"path\": \"\\udfff\"}").put(files(projectId) + "/" + id).then().statusCode(422)
                .body("details.path", notNullValue());
        user.request().body("{\"ids\": [\"\\ud800\"]}").post(files(projectId) + "/batch-get").then().statusCode(422)
                .body("error", equalTo("validation_error"));
        getFile(user, projectId, id).statusCode(200).body("data.content", equalTo("kept")).body("data.version", equalTo(1));
        user.request().body("{\"content\": \"\\ud83d\\ude00\"}").put(files(projectId) + "/" + id).then().statusCode(200)
                .body("data.size", equalTo(4));
    }

    @Test
    void queryAndPathParametersWithThemAreRefusedNeverErrors() {
        User user = User.fresh();
        UUID projectId = project(user, "params");
        // The UTF-8-like bytes of a lone surrogate, percent-encoded (sent as they are): not a cursor,
        // not a limit, not an id.
        raw(user).get("/api/v1/projects?cursor=%ED%A0%80").then().statusCode(422).body("details.cursor", notNullValue());
        raw(user).get("/api/v1/projects?limit=%ED%B0%80").then().statusCode(422).body("details.limit", notNullValue());
        raw(user).get(files(projectId) + "?cursor=%ED%A0%80").then().statusCode(422).body("error", equalTo("validation_error"));
        raw(user).get("/api/v1/projects/%ED%A0%80").then().statusCode(404).body("error", equalTo("not_found"));
        raw(user).get(files(projectId) + "/%ED%A0%80").then().statusCode(404).body("error", equalTo("not_found"));
    }

    private static io.restassured.specification.RequestSpecification raw(User user) {
        return user.request().urlEncodingEnabled(false);
    }
}
