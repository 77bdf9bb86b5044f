package dev.orchestra.notification.rest;

import dev.orchestra.notification.rest.Bodies.DeliveriesMeta;
import dev.orchestra.notification.rest.Bodies.DeliveryBody;
import dev.orchestra.notification.rest.Bodies.DeliveryList;
import dev.orchestra.notification.service.DeliveryService;
import dev.orchestra.notification.service.DeliveryView;
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

/**
 * The delivery log, for the admin group: newest first, keyset-paged, optionally by status
 * ({@code pending}, {@code sent}, {@code failed}, {@code expired}). Tokens and links are never shown.
 */
@Path("/api/v1/admin/notifications/deliveries")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminDeliveriesResource {

    private final DeliveryService deliveries;

    public AdminDeliveriesResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @Operation(operationId = "listDeliveries", summary = "The delivery log (admins only)",
            description = "Every mail, newest first, keyset-paged, optionally of one status. Tokens, links and template data "
                    + "are never shown.")
    @APIResponse(responseCode = "200", description = "A page of deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryList.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_ADMIN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "An unknown `status`, `limit` outside 1..200, or a cursor that is not one "
            + "of this list's or was made for another `status` (details name the parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public DeliveryList list(
            @Parameter(description = "Only deliveries of this status",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "sent", "failed", "expired"}))
            @QueryParam("status") String status,
            @Parameter(description = "Deliveries per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page (of the same `status`)",
                    schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        Page<DeliveryView> page = deliveries.list(status, limit, cursor);
        return new DeliveryList(page.data().stream().map(DeliveryBody::of).toList(), new DeliveriesMeta(page.meta().nextCursor()));
    }
}
