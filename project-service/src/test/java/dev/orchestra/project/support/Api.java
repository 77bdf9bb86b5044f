package dev.orchestra.project.support;

import static io.restassured.RestAssured.given;

import dev.orchestra.platform.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The service's API as a client calls it, for tests: each {@link User} a fresh random user with a valid token. */
public final class Api {

    private Api() {
    }

    public record User(UUID id, String token) {
        public static User fresh() {
            UUID id = UUID.randomUUID();
            return new User(id, Tokens.forUser(id).sign());
        }

        public RequestSpecification request() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    /** A JSON object from alternating keys and values (values may be null, unlike Map.of). */
    public static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public static ValidatableResponse createProject(User user, Object body) {
        return user.request().body(body).post("/api/v1/projects").then();
    }

    /** Creates a project named {@code name} and returns its id. */
    public static UUID project(User user, String name) {
        return UUID.fromString(createProject(user, json("name", name)).statusCode(201).extract().path("data.id"));
    }

    public static ValidatableResponse getProject(User user, Object id) {
        return user.request().get("/api/v1/projects/" + id).then();
    }

    public static ValidatableResponse updateProject(User user, Object id, Object body) {
        return user.request().body(body).put("/api/v1/projects/" + id).then();
    }

    public static ValidatableResponse deleteProject(User user, Object id) {
        return user.request().delete("/api/v1/projects/" + id).then();
    }

    public static ValidatableResponse listProjects(User user, String query) {
        return user.request().get("/api/v1/projects" + query).then();
    }

    public static String files(Object projectId) {
        return "/api/v1/projects/" + projectId + "/files";
    }

    public static ValidatableResponse createFile(User user, Object projectId, Object body) {
        return user.request().body(body).post(files(projectId)).then();
    }

    /** Creates a file and returns its id. */
    public static UUID file(User user, Object projectId, String path, String content) {
        return UUID.fromString(createFile(user, projectId, json("path", path, "content", content)).statusCode(201)
                .extract().path("data.id"));
    }

    public static ValidatableResponse getFile(User user, Object projectId, Object fileId) {
        return user.request().get(files(projectId) + "/" + fileId).then();
    }

    public static ValidatableResponse updateFile(User user, Object projectId, Object fileId, Object body) {
        return user.request().body(body).put(files(projectId) + "/" + fileId).then();
    }

    public static ValidatableResponse deleteFile(User user, Object projectId, Object fileId) {
        return user.request().delete(files(projectId) + "/" + fileId).then();
    }

    public static ValidatableResponse listFiles(User user, Object projectId, String query) {
        return user.request().get(files(projectId) + query).then();
    }

    public static ValidatableResponse batchGet(User user, Object projectId, Object body) {
        return user.request().body(body).post(files(projectId) + "/batch-get").then();
    }
}
