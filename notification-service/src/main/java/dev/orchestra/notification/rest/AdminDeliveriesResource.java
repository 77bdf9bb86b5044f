package dev.orchestra.notification.rest;

import dev.orchestra.notification.service.DeliveryService;
import dev.orchestra.notification.service.DeliveryView;
import dev.orchestra.platform.paging.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The delivery log, for the admin group: newest first, keyset-paged, optionally by status
 * ({@code pending}, {@code sent}, {@code failed}, {@code expired}). Tokens and links are never shown.
 */
@Path("/api/v1/admin/notifications/deliveries")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminDeliveriesResource {

    private final DeliveryService deliveries;

    public AdminDeliveriesResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    public Page<DeliveryView> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        return deliveries.list(status, limit, cursor);
    }
}
