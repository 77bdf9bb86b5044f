package dev.orchestra.auth.rest;

import dev.orchestra.auth.rest.Bodies.UserResponse;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.UserView;
import dev.orchestra.platform.paging.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Every account, for the admin group: newest first, keyset-paged, optionally by e-mail prefix. */
@Path("/api/v1/admin/users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    private final AccountService accounts;

    public AdminUsersResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    public Page<UserResponse> list(@QueryParam("email") String email, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        Page<UserView> page = accounts.list(email, limit, cursor);
        return Page.of(page.data().stream().map(UserResponse::of).toList(), page.meta().nextCursor());
    }
}
