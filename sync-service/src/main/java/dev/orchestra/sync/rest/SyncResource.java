package dev.orchestra.sync.rest;

import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.rest.PatchField;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.service.SyncEvents.Submitted;
import dev.orchestra.sync.rest.Bodies.PullRequest;
import dev.orchestra.sync.rest.Bodies.PullResponse;
import dev.orchestra.sync.rest.Bodies.PullResult;
import dev.orchestra.sync.rest.Bodies.Mutation;
import dev.orchestra.sync.rest.Bodies.PushRequest;
import dev.orchestra.sync.rest.Bodies.PushResponse;
import dev.orchestra.sync.rest.Bodies.PushResult;
import dev.orchestra.sync.service.PullService;
import dev.orchestra.sync.service.PushService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Push and pull (docs/architecture.md section 6). */
@Path("/api/v1/sync")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
public class SyncResource {

    private final CurrentUser currentUser;
    private final PushService push;
    private final PullService pull;

    public SyncResource(CurrentUser currentUser, PushService push, PullService pull) {
        this.currentUser = currentUser;
        this.push = push;
        this.pull = pull;
    }

    /**
     * 202: the mutations are accepted for project-service; their outcomes arrive as changes or rejections.
     * Each mutation's {@code data} is taken exactly as pushed ({@link PushedData}); every other field is
     * checked here, each wrong one named, before anything is accepted.
     */
    @POST
    @Path("/push")
    @Operation(operationId = "pushMutations", summary = "Submit a device's mutations",
            description = "Accepted for project-service, which applies each and answers through the change log (a change "
                    + "with this mutation as its origin) or a rejection. Idempotent by mutation id: ids at or below the device's "
                    + "last submitted are acknowledged and dropped. A malformed mutation refuses the whole push.")
    @APIResponse(responseCode = "202", description = "Accepted up to the last mutation id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.DEVICE_LIMIT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.NOT_YOUR_DEVICE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "A gap after the device's last submitted id "
            + "(`details.expected_mutation_id`); nothing accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = ErrorDocs.DEVICE_FORGOTTEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "More than 500 mutations, or a declared body over 2 MiB (refused before it "
            + "is read)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A malformed `device_id` or `mutations`, or any malformed mutation "
            + "(`details.\"mutations.3.entity\"`: each field that is wrong), or " + ErrorDocs.MALFORMED_BODY
            + " anywhere in the body (`details.\"mutations.0.data.settings.n\"`); nothing accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response push(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PushRequest.class))) @NotNull PushRequest body) {
        UUID deviceId = deviceId(body.deviceId().value());
        List<Mutation> mutations = body.mutations();
        if (mutations == null) {
            throw ApiException.invalid("mutations", "Must be a list of mutations");
        }
        if (mutations.size() > PushService.MAX_MUTATIONS) {
            throw ApiException.payloadTooLarge("At most " + PushService.MAX_MUTATIONS + " mutations a push");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Submitted> parsed = new ArrayList<>();
        for (int i = 0; i < mutations.size(); i++) {
            Submitted mutation = mutation(mutations.get(i), "mutations." + i, errors);
            if (mutation != null) {
                parsed.add(mutation);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        long last = push.push(currentUser.id(), deviceId, parsed);
        return Response.accepted(new PushResponse(new PushResult(last))).build();
    }

    @POST
    @Path("/pull")
    @Operation(operationId = "pullChanges", summary = "The device's next changes",
            description = "Without a cursor, a paged snapshot of the live entities, then the log from the snapshot's seq; with "
                    + "one, the log after it. Pull until `has_more` is false. Also this device's rejections, and the last "
                    + "mutation id project-service has answered.")
    @APIResponse(responseCode = "200", description = "A page of changes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PullResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.DEVICE_LIMIT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.NOT_YOUR_DEVICE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = "Changes after the cursor were pruned, or " + ErrorDocs.DEVICE_FORGOTTEN
            + ": pull without a cursor and start over",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "A declared body over 16 KiB, refused before it is read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`device_id` missing or not a UUID, `cursor` not a string, not a cursor, "
            + "or another device's (details name the field), or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public PullResponse pull(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PullRequest.class))) @NotNull PullRequest body) {
        UUID deviceId = deviceId(body.deviceId().value());
        if (body.cursor().isMistyped()) {
            throw ApiException.invalid("cursor", "Must be a string or null");
        }
        return new PullResponse(PullResult.of(pull.pull(currentUser.id(), deviceId, body.cursor().value())));
    }

    private static UUID deviceId(String text) {
        UUID id = text == null ? null : Ids.parseOrNull(text);
        if (id == null) {
            throw ApiException.invalid("device_id", "Must be a UUID");
        }
        return id;
    }

    /** One mutation, or null with its problems added to {@code errors}. */
    private static Submitted mutation(Mutation mutation, String at, Map<String, String> errors) {
        if (mutation == null) {
            errors.put(at, "Must be a mutation object");
            return null;
        }
        int before = errors.size();
        Long id = mutation.id().value();
        if (id == null || id < 1) {
            errors.put(at + ".id", "Must be a whole number from 1");
        }
        EntityKind entity = mutation.entity().value() == null ? null : EntityKind.ofWire(mutation.entity().value());
        if (entity == null) {
            errors.put(at + ".entity", "Must be project or file");
        }
        Op op = mutation.op().value() == null ? null : Op.ofWire(mutation.op().value());
        if (op == null) {
            errors.put(at + ".op", "Must be create, update or delete");
        }
        UUID entityId = mutation.entityId().value() == null ? null : Ids.parseOrNull(mutation.entityId().value());
        if (entityId == null) {
            errors.put(at + ".entity_id", "Must be a UUID");
        }
        PatchField<Long> base = mutation.baseVersion();
        if (base.isMistyped() || (base.value() != null && base.value() < 1)) {
            errors.put(at + ".base_version", "Must be a whole number from 1");
        }
        if (mutation.data().isMistyped()) {
            errors.put(at + ".data", "Must be an object");
        }
        if (errors.size() > before) {
            return null;
        }
        return new Submitted(id, entity, op, entityId, base.value(), mutation.data().json());
    }
}
