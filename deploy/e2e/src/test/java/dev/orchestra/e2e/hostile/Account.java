package dev.orchestra.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A user with one of each thing a route can name: a project, a file in it, a second session, a
 * sync device. Made through the public API; {@link #valuesFor} fills a route's path parameters with
 * this user's ids, and {@link #state} reads back everything the user can read.
 */
final class Account {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "hostile suite password";

    final String email;
    final String token;
    final String projectId;
    final String fileId;
    final String otherSessionId;
    final String deviceId;

    private Account(String email, String token, String projectId, String fileId, String otherSessionId, String deviceId) {
        this.email = email;
        this.token = token;
        this.projectId = projectId;
        this.fileId = fileId;
        this.otherSessionId = otherSessionId;
        this.deviceId = deviceId;
    }

    static Account create(String label) {
        URI auth = PublicRoutes.SERVICES.get("auth-service");
        String email = label + "-" + UUID.randomUUID() + "@example.com";
        String registered = ok(Http.send(auth, "POST", "/auth/register", null,
                "{\"email\":\"" + email + "\",\"name\":\"" + label + "\",\"password\":\"" + PASSWORD + "\"}"), 201);
        String token = read(registered).at("/data/access_token").asText();
        ok(Http.send(auth, "POST", "/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"), 200);
        String otherSession = null;
        for (JsonNode session : read(ok(Http.send(auth, "GET", "/api/v1/users/me/sessions", token, null), 200)).path("data")) {
            if (!session.path("current").asBoolean()) {
                otherSession = session.path("id").asText();
            }
        }
        assertThat(otherSession).as("the login's session").isNotNull();
        URI projects = PublicRoutes.SERVICES.get("project-service");
        String projectId = read(ok(Http.send(projects, "POST", "/api/v1/projects", token, "{\"name\":\"" + label + "'s\"}"), 201))
                .at("/data/id").asText();
        String fileId = read(ok(Http.send(projects, "POST", "/api/v1/projects/" + projectId + "/files", token,
                "{\"path\":\"src/main.txt\",\"content\":\"hello\"}"), 201)).at("/data/id").asText();
        String deviceId = UUID.randomUUID().toString();
        ok(Http.send(PublicRoutes.SERVICES.get("sync-service"), "POST", "/api/v1/sync/push", token,
                "{\"device_id\":\"" + deviceId + "\",\"mutations\":[]}"), 202);
        return new Account(email, token, projectId, fileId, otherSession, deviceId);
    }

    /**
     * This user's ids for the route's path parameters. A route whose parameter has no rule here fails
     * the suite: add one, so that the new route is exercised rather than skipped.
     */
    Map<String, String> valuesFor(PublicRoutes.Route route) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : route.pathParameters()) {
            values.put(parameter, switch (parameter) {
                case "projectId" -> projectId;
                case "fileId" -> fileId;
                case "id" -> route.template().startsWith("/api/v1/projects/") ? projectId
                        : route.template().startsWith("/api/v1/users/me/sessions/") ? otherSessionId
                        : unknown(route, parameter);
                default -> unknown(route, parameter);
            });
        }
        return values;
    }

    /**
     * Everything this user can read: every public GET route (path parameters filled with this user's
     * ids), status and body. Equal before and after a request means the request changed nothing the
     * user owns.
     */
    String state(List<PublicRoutes.Route> reads) {
        return reads.stream().map(route -> {
            Http.Answer answer = Http.send(route.base(), "GET", route.path(valuesFor(route)), token, null);
            return route + " → " + answer.status() + " " + answer.body();
        }).collect(Collectors.joining("\n"));
    }

    private static String unknown(PublicRoutes.Route route, String parameter) {
        throw new AssertionError("no fixture value for {" + parameter + "} of " + route + ": add a rule to Account.valuesFor");
    }

    private static String ok(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.body();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
