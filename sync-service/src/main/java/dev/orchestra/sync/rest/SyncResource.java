package dev.orchestra.sync.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.rest.Data;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.messaging.SyncEvents.Submitted;
import dev.orchestra.sync.service.PullService;
import dev.orchestra.sync.service.PullService.Pulled;
import dev.orchestra.sync.service.PushService;
import dev.orchestra.sync.service.Wire;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Push and pull (DESIGN.md section 6). */
@Path("/api/v1/sync")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    public record PushResult(long lastSubmittedMutationId) {
    }

    public record PullResult(List<Wire.ChangeView> changes, String cursor, boolean hasMore, long lastMutationId,
                             List<Wire.RejectionView> rejected) {
    }

    private final CurrentUser currentUser;
    private final PushService push;
    private final PullService pull;
    private final ObjectMapper json;

    public SyncResource(CurrentUser currentUser, PushService push, PullService pull, ObjectMapper json) {
        this.currentUser = currentUser;
        this.push = push;
        this.pull = pull;
        this.json = json;
    }

    /** 202: the mutations are accepted for project-service; their outcomes arrive as changes or rejections. */
    @POST
    @Path("/push")
    public Response push(@NotNull String text) throws java.io.IOException {
        JsonNode body = json.readTree(text);
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "Must be a JSON object");
        }
        UUID deviceId = deviceId(body);
        JsonNode mutations = body.get("mutations");
        if (mutations == null || !mutations.isArray()) {
            throw ApiException.invalid("mutations", "Must be a list of mutations");
        }
        if (mutations.size() > PushService.MAX_MUTATIONS) {
            throw ApiException.payloadTooLarge("At most " + PushService.MAX_MUTATIONS + " mutations a push");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Submitted> parsed = new ArrayList<>();
        Map<Integer, String> rawData = RawMutationData.of(json.getFactory(), text);
        for (int i = 0; i < mutations.size(); i++) {
            Submitted mutation = mutation(mutations.get(i), "mutations." + i, rawData.get(i), errors);
            if (mutation != null) {
                parsed.add(mutation);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        long last = push.push(currentUser.id(), deviceId, parsed);
        return Response.accepted(Data.of(new PushResult(last))).build();
    }

    @POST
    @Path("/pull")
    public Data<PullResult> pull(@NotNull JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.invalid("body", "Must be a JSON object");
        }
        UUID deviceId = deviceId(body);
        JsonNode cursor = body.get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
            throw ApiException.invalid("cursor", "Must be a string or null");
        }
        Pulled pulled = pull.pull(currentUser.id(), deviceId, cursor == null || cursor.isNull() ? null : cursor.asText());
        return Data.of(new PullResult(pulled.changes().stream().map(Wire::change).toList(), pulled.cursor(), pulled.hasMore(),
                pulled.lastMutationId(), pulled.rejected().stream().map(Wire::rejection).toList()));
    }

    private static UUID deviceId(JsonNode body) {
        JsonNode node = body.get("device_id");
        UUID id = node != null && node.isTextual() ? Ids.parseOrNull(node.asText()) : null;
        if (id == null) {
            throw ApiException.invalid("device_id", "Must be a UUID");
        }
        return id;
    }

    /** One mutation, or null with its problems added to {@code errors}. */
    private Submitted mutation(JsonNode node, String at, String rawData, Map<String, String> errors) {
        if (node == null || !node.isObject()) {
            errors.put(at, "Must be a mutation object");
            return null;
        }
        int before = errors.size();
        JsonNode id = node.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
            errors.put(at + ".id", "Must be a whole number from 1");
        }
        EntityKind entity = node.path("entity").isTextual() ? EntityKind.ofWire(node.get("entity").asText()) : null;
        if (entity == null) {
            errors.put(at + ".entity", "Must be project or file");
        }
        Op op = node.path("op").isTextual() ? Op.ofWire(node.get("op").asText()) : null;
        if (op == null) {
            errors.put(at + ".op", "Must be create, update or delete");
        }
        UUID entityId = node.path("entity_id").isTextual() ? Ids.parseOrNull(node.get("entity_id").asText()) : null;
        if (entityId == null) {
            errors.put(at + ".entity_id", "Must be a UUID");
        }
        JsonNode base = node.get("base_version");
        if (base != null && !base.isNull() && (!base.isIntegralNumber() || !base.canConvertToLong() || base.asLong() < 1)) {
            errors.put(at + ".base_version", "Must be a whole number from 1");
        }
        JsonNode data = node.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.put(at + ".data", "Must be an object");
        }
        if (errors.size() > before) {
            return null;
        }
        return new Submitted(id.asLong(), entity, op, entityId, base == null || base.isNull() ? null : base.asLong(),
                data == null || data.isNull() ? null : rawData);
    }
}
