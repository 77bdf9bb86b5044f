package dev.orchestra.engine.rest;

import dev.orchestra.engine.rest.Bodies.ExtensionList;
import dev.orchestra.engine.service.ExtensionService;
import dev.orchestra.platform.error.ApiError;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The extension updates the last check found (the same for every user: the installed set is the product's). */
@Path("/api/v1/extensions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Extensions")
public class ExtensionsResource {

    private final ExtensionService extensions;

    public ExtensionsResource(ExtensionService extensions) {
        this.extensions = extensions;
    }

    @GET
    @Operation(operationId = "listExtensionUpdates", summary = "Extension updates",
            description = "What the last check (every 6 hours) found; an empty list with `checked_at` null before the first.")
    @APIResponse(responseCode = "200", description = "The updates",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExtensionList.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public ExtensionList list() {
        return ExtensionList.of(extensions.latest());
    }
}
