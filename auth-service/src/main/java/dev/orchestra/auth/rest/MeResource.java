package dev.orchestra.auth.rest;

import dev.orchestra.auth.rest.Bodies.ListMeta;
import dev.orchestra.auth.rest.Bodies.PasswordRequest;
import dev.orchestra.auth.rest.Bodies.ProfileUpdate;
import dev.orchestra.auth.rest.Bodies.SessionBody;
import dev.orchestra.auth.rest.Bodies.SessionList;
import dev.orchestra.auth.rest.Bodies.UserBody;
import dev.orchestra.auth.rest.Bodies.UserResponse;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.AccountService.ProfileChange;
import dev.orchestra.auth.service.EmailVerificationService;
import dev.orchestra.auth.service.SessionService;
import dev.orchestra.auth.service.UserView;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own account and sessions. */
@Path("/api/v1/users/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account")
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
    @Operation(operationId = "getMe", summary = "The caller's account", description = "With its version as the ETag.")
    @APIResponse(responseCode = "200", description = "The user",
            headers = @Header(name = "ETag", description = "The account's version, quoted (`\"3\"`): send it as `If-Match`",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.ACCOUNT_GONE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response me() {
        return withEtag(accounts.get(currentUser.id()));
    }

    /** Partial update of name, avatar_url and settings; {@code version} or {@code If-Match} makes it conditional. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateMe", summary = "Change the caller's profile",
            description = "A partial update: an absent field stays as it is; `null` removes the avatar and resets the settings "
                    + "to {}; settings are replaced whole. `version` or `If-Match` makes it conditional. No change, no new "
                    + "version.")
    @APIResponse(responseCode = "200", description = "The user as it is now",
            headers = @Header(name = "ETag", description = "The account's version, quoted", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.ACCOUNT_GONE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The expected version is stale (`details.current_version`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.ME_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "Each field that is mistyped or breaks its rule (`details.name`, "
            + "`details.avatar_url`, `details.settings`, `details.\"settings.…\"` for a number, `details.version`), a malformed "
            + "`If-Match` (`details.if_match`), or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response update(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = ProfileUpdate.class))) @NotNull ProfileUpdate body,
                           @Parameter(description = "The version the update expects, as an ETag (`\"3\"`); `*` or none: "
                                   + "unconditional", schema = @Schema(type = SchemaType.STRING))
                           @HeaderParam("If-Match") String ifMatch) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (body.name().isNull()) {
            errors.put("name", "Name is required");
        } else if (body.name().isMistyped()) {
            errors.put("name", "Must be a string");
        }
        if (body.avatarUrl().isMistyped()) {
            errors.put("avatar_url", "Must be a string or null");
        }
        if (body.settings().isMistyped()) {
            errors.put("settings", "Must be a JSON object or null");
        }
        if (body.version().isNull() || body.version().isMistyped()) {
            errors.put("version", "Must be a whole number");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Long expected = Versions.expected(ifMatch, body.version().value());
        ProfileChange change = new ProfileChange(
                !body.name().isAbsent(), body.name().value(),
                !body.avatarUrl().isAbsent(), body.avatarUrl().value(),
                !body.settings().isAbsent(), body.settings().value());
        return withEtag(accounts.update(currentUser.id(), change, expected));
    }

    /** Erases the account, after the password is confirmed. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteMe", summary = "Erase the caller's account",
            description = "After the password is confirmed: the account, its sessions and tokens are erased here at once, and "
                    + "every other service erases the user too. A wrong password counts towards the sign-in lockout.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "The password is incorrect",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.ACCOUNT_GONE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.ME_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`password` missing, empty or mistyped (`details.password`), or "
            + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "Too many failed password checks for this address (the sign-in lockout); "
            + "no password was checked",
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response delete(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PasswordRequest.class))) @NotNull PasswordRequest body,
                           @Context HttpServerRequest request) {
        accounts.delete(currentUser.id(), body.password(), Devices.of(request).ip());
        return Response.noContent().build();
    }

    /** Another verification mail (at most once a minute). */
    @POST
    @Path("/verify-email")
    @Operation(operationId = "resendVerification", summary = "Send another verification mail",
            description = "A new verification link for the caller's address, at most one a minute. Takes no body.")
    @APIResponse(responseCode = "202", description = "The mail is on its way")
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = ErrorDocs.ACCOUNT_GONE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The address is already verified",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "The last verification token is less than a minute old",
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response resendVerification() {
        verification.resend(currentUser.id());
        return Response.accepted().build();
    }

    @GET
    @Path("/sessions")
    @Operation(operationId = "listSessions", summary = "The caller's active sessions",
            description = "Newest first, keyset-paged; the calling token's session is marked `current`.")
    @APIResponse(responseCode = "200", description = "A page of sessions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionList.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`limit` outside 1..200, or a cursor that is not one of this list's "
            + "(details name the parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public SessionList sessions(
            @Parameter(description = "Sessions per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        Page<SessionService.SessionView> page = sessions.list(currentUser.id(), currentUser.sessionId(), limit, cursor);
        return new SessionList(page.data().stream().map(SessionBody::of).toList(), new ListMeta(page.meta().nextCursor()));
    }

    /**
     * Ends one of the caller's sessions. The id's shape is all this edge checks (a malformed id names
     * nothing: 404, as an unknown one); whose session it is, and whether it is still active, is the
     * service's to decide, and anything but the caller's own active session is the same 404.
     */
    @DELETE
    @Path("/sessions/{id}")
    @Operation(operationId = "revokeSession", summary = "Sign out one of the caller's devices",
            description = "Ends the session; its access tokens are refused at once, everywhere. Takes no body.")
    @APIResponse(responseCode = "204", description = "The session is ended")
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No active session of the caller's with this id (unknown, malformed, "
            + "ended, or someone else's: the same answer)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response revokeSession(
            @Parameter(description = "The session's id (as listed)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("id") String id) {
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
    @Operation(operationId = "revokeOtherSessions", summary = "Sign out every other device",
            description = "Ends every session of the caller's but the calling token's. Takes no body.")
    @APIResponse(responseCode = "204", description = "The other sessions are ended")
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response revokeOtherSessions() {
        sessions.revokeOthers(currentUser.id(), currentUser.sessionId());
        return Response.noContent().build();
    }

    private static Response withEtag(UserView user) {
        return Response.ok(new UserResponse(UserBody.of(user))).header("ETag", Versions.etag(user.version())).build();
    }
}
