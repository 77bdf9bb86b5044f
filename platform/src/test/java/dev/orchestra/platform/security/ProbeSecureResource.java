package dev.orchestra.platform.security;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Routes of the chassis' tests that need a user, or an admin. */
@Path("/probe/secure")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeSecureResource {

    private final CurrentUser currentUser;

    public ProbeSecureResource(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @GET
    @Authenticated
    public Map<String, Object> me() {
        return Map.of("data", Map.of("user_id", currentUser.id().toString(), "session_id", currentUser.sessionId().toString(),
                "admin", currentUser.isAdmin()));
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public Map<String, Object> admin() {
        return Map.of("data", Map.of("ok", true));
    }
}
