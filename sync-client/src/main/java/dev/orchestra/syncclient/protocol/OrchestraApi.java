package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link SyncApi} over HTTP through the gateway; a 401 refreshes the token once and repeats the call. */
public final class OrchestraApi implements SyncApi {

    private final Http http;
    private final URI server;
    private final AccessTokens tokens;

    public OrchestraApi(Http http, URI server, AccessTokens tokens) {
        this.http = http;
        this.server = server;
        this.tokens = tokens;
    }

    @Override
    public long push(UUID device, List<Mutation> mutations) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("device_id", device.toString());
        ArrayNode list = body.putArray("mutations");
        mutations.forEach(mutation -> list.add(mutation.toJson()));
        return call("POST", "/api/v1/sync/push", body).path("data").path("last_submitted_mutation_id").asLong();
    }

    @Override
    public PullPage pull(UUID device, String cursor) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("device_id", device.toString());
        body.put("cursor", cursor);
        JsonNode data = call("POST", "/api/v1/sync/pull", body).path("data");
        List<Change> changes = new ArrayList<>();
        data.path("changes").forEach(change -> changes.add(Change.of(change)));
        List<Rejection> rejected = new ArrayList<>();
        data.path("rejected").forEach(rejection -> rejected.add(Rejection.of(rejection)));
        return new PullPage(changes, Json.text(data, "cursor"), data.path("has_more").asBoolean(), data.path("last_mutation_id").asLong(),
                rejected);
    }

    @Override
    public BatchGet batchGet(UUID project, List<UUID> ids) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("ids");
        ids.forEach(id -> list.add(id.toString()));
        JsonNode data = call("POST", "/api/v1/projects/" + project + "/files/batch-get", body).path("data");
        List<RemoteFile> files = new ArrayList<>();
        data.path("files").forEach(file -> files.add(RemoteFile.of(file)));
        List<UUID> missing = new ArrayList<>();
        data.path("missing").forEach(id -> missing.add(UUID.fromString(id.asText())));
        return new BatchGet(files, data.path("has_more").asBoolean(), missing);
    }

    @Override
    public List<Project> projects() throws IOException {
        List<Project> projects = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?limit=200" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = call("GET", "/api/v1/projects" + query, null);
            page.path("data").forEach(project -> projects.add(Project.of(project)));
            cursor = Json.text(page.path("meta"), "next_cursor");
        } while (cursor != null);
        return projects;
    }

    @Override
    public Project createProject(String name) throws IOException {
        return Project.of(call("POST", "/api/v1/projects", Map.of("name", name)).path("data"));
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        URI uri = Endpoints.resolve(server, path);
        String token = tokens.current();
        try {
            return http.send(method, uri, token, body);
        } catch (ApiException e) {
            if (e.status() != 401) {
                throw e;
            }
            return http.send(method, uri, tokens.afterUnauthorized(token), body);
        }
    }
}
