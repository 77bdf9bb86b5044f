package dev.orchestra.sync.support;

import static io.restassured.RestAssured.given;

import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.platform.testing.WebSocketClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The sync API as a device calls it. */
public final class SyncApi {

    private SyncApi() {
    }

    public static String token(UUID user) {
        return Tokens.forUser(user).sign();
    }

    /** The device's live socket on the service under test, opened with the token in the Authorization header. */
    public static WebSocketClient socket(String token, UUID device) {
        return WebSocketClient.connect(socketUri(device), token);
    }

    /** The same, opened as a browser does: the token in the subprotocols. */
    public static WebSocketClient browserSocket(String token, UUID device) {
        return WebSocketClient.connectAsBrowser(socketUri(device), token);
    }

    private static URI socketUri(UUID device) {
        return URI.create("ws://127.0.0.1:" + RestAssured.port + "/ws?device_id=" + device);
    }

    public static ValidatableResponse push(String token, UUID device, List<Map<String, Object>> mutations) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("device_id", device.toString(), "mutations", mutations)).post("/api/v1/sync/push").then();
    }

    public static Map<String, Object> fileCreate(long id, UUID file, UUID project, String path) {
        Map<String, Object> data = new HashMap<>();
        data.put("project_id", project.toString());
        data.put("path", path);
        data.put("content", "hello from " + path);
        return new HashMap<>(Map.of("id", id, "entity", "file", "op", "create", "entity_id", file.toString(), "data", data));
    }

    public static ValidatableResponse pull(String token, UUID device, String cursor) {
        Map<String, Object> body = new HashMap<>();
        body.put("device_id", device.toString());
        body.put("cursor", cursor);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/sync/pull").then();
    }

    /** Every page of a pull from the cursor until has_more is false: the changes and the last page. */
    public static Pulled pullAll(String token, UUID device, String cursor) {
        List<Map<String, Object>> changes = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        JsonPath page;
        int pages = 0;
        do {
            page = pull(token, device, cursor).statusCode(200).extract().jsonPath();
            changes.addAll(page.getList("data.changes"));
            rejected.addAll(page.getList("data.rejected"));
            cursor = page.getString("data.cursor");
            pages++;
        } while (page.getBoolean("data.has_more"));
        return new Pulled(changes, rejected, cursor, pages, page.getLong("data.last_mutation_id"));
    }

    public record Pulled(List<Map<String, Object>> changes, List<Map<String, Object>> rejected, String cursor, int pages,
                         long lastMutationId) {
        public List<String> entityIds() {
            return changes.stream().map(c -> (String) c.get("entity_id")).toList();
        }
    }
}
