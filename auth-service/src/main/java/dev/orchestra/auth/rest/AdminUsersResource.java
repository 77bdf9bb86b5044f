package dev.orchestra.auth.rest;

import dev.orchestra.auth.rest.Bodies.ListMeta;
import dev.orchestra.auth.rest.Bodies.UserBody;
import dev.orchestra.auth.rest.Bodies.UserList;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.UserView;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.paging.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every account, for the admin group: newest first, keyset-paged, optionally by e-mail prefix. */
@Path("/api/v1/admin/users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminUsersResource {

    private final AccountService accounts;

    public AdminUsersResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "Every account (admins only)",
            description = "Newest first by (created_at, id), keyset-paged; `email` filters by address prefix, case-insensitively "
                    + "(`%` and `_` match only themselves).")
    @APIResponse(responseCode = "200", description = "A page of accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserList.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_ADMIN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`limit` outside 1..200, a cursor that is not one of this list's, or a "
            + "parameter holding NUL or an unpaired surrogate (details name the parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public UserList list(
            @Parameter(description = "A prefix of the address, compared case-insensitively", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("email") String email,
            @Parameter(description = "Accounts per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        Page<UserView> page = accounts.list(email, limit, cursor);
        return new UserList(page.data().stream().map(UserBody::of).toList(), new ListMeta(page.meta().nextCursor()));
    }
}
