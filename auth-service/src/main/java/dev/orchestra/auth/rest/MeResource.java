package dev.orchestra.auth.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.orchestra.auth.rest.Bodies.PasswordRequest;
import dev.orchestra.auth.rest.Bodies.SessionResponse;
import dev.orchestra.auth.rest.Bodies.UserResponse;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.AccountService.ProfileChange;
import dev.orchestra.auth.service.EmailVerificationService;
import dev.orchestra.auth.service.SessionService;
import dev.orchestra.auth.service.UserView;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.rest.Data;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The signed-in user's own account and sessions. */
@Path("/api/v1/users/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final CurrentUser currentUser;
    private final AccountService accounts;
    private final SessionService sessions;
    private final EmailVerificationService verification;

    public MeResource(CurrentUser currentUser, AccountService accounts, SessionService sessions,
                      EmailVerificationService verification) {
        this.currentUser = currentUser;
        this.accounts = accounts;
        this.sessions = sessions;
        this.verification = verification;
    }

    @GET
    public Response me() {
        return withEtag(accounts.get(currentUser.id()));
    }

    /** Partial update of name, avatar_url and settings; {@code version} or {@code If-Match} makes it conditional. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@NotNull JsonNode body, @HeaderParam("If-Match") String ifMatch) {
        if (!body.isObject()) {
            throw ApiException.invalid("body", "Must be a JSON object");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode name = body.get("name");
        JsonNode avatar = body.get("avatar_url");
        JsonNode settings = body.get("settings");
        JsonNode version = body.get("version");
        if (name != null && !name.isTextual()) {
            errors.put("name", name.isNull() ? "Name is required" : "Must be a string");
        }
        if (avatar != null && !avatar.isTextual() && !avatar.isNull()) {
            errors.put("avatar_url", "Must be a string or null");
        }
        if (settings != null && !settings.isObject() && !settings.isNull()) {
            errors.put("settings", "Must be a JSON object or null");
        }
        if (version != null && !(version.getNodeType() == JsonNodeType.NUMBER && version.canConvertToLong() && version.isIntegralNumber())) {
            errors.put("version", "Must be a whole number");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Long expected = Versions.expected(ifMatch, version == null ? null : version.asLong());
        ProfileChange change = new ProfileChange(
                name != null, name == null ? null : name.asText(),
                avatar != null, avatar == null || avatar.isNull() ? null : avatar.asText(),
                settings != null, settings == null || settings.isNull() ? null : settings);
        return withEtag(accounts.update(currentUser.id(), change, expected));
    }

    /** Erases the account, after the password is confirmed. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Response delete(@NotNull PasswordRequest body, @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) {
        accounts.delete(currentUser.id(), body.password(), Devices.of(request).ip());
        return Response.noContent().build();
    }

    /** Another verification mail (at most once a minute). */
    @POST
    @Path("/verify-email")
    public Response resendVerification() {
        verification.resend(currentUser.id());
        return Response.accepted().build();
    }

    @GET
    @Path("/sessions")
    public Page<SessionResponse> sessions(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Page<SessionService.SessionView> page = sessions.list(currentUser.id(), currentUser.sessionId(), limit, cursor);
        return Page.of(page.data().stream().map(SessionResponse::of).toList(), page.meta().nextCursor());
    }

    @DELETE
    @Path("/sessions/{id}")
    public Response revokeSession(@PathParam("id") String id) {
        UUID sessionId = Ids.parseOrNull(id);
        if (sessionId == null) {
            throw ApiException.notFound();
        }
        sessions.revoke(currentUser.id(), sessionId);
        return Response.noContent().build();
    }

    /** Signs out every other device; this one keeps working. */
    @DELETE
    @Path("/sessions")
    public Response revokeOtherSessions() {
        sessions.revokeOthers(currentUser.id(), currentUser.sessionId());
        return Response.noContent().build();
    }

    private static Response withEtag(UserView user) {
        return Response.ok(Data.of(UserResponse.of(user))).header("ETag", Versions.etag(user.version())).build();
    }
}
