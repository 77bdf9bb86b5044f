package dev.orchestra.engine.rest;

import dev.orchestra.engine.rest.Bodies.EngineStatus;
import dev.orchestra.engine.rest.Bodies.EngineStatusResponse;
import dev.orchestra.engine.service.SearchService;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.security.CurrentUser;
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

/** Whether search works right now, and how far the caller's files are indexed. */
@Path("/api/v1/engine/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class EngineStatusResource {

    private final CurrentUser currentUser;
    private final SearchService search;

    public EngineStatusResource(CurrentUser currentUser, SearchService search) {
        this.currentUser = currentUser;
        this.search = search;
    }

    @GET
    @Operation(operationId = "engineStatus", summary = "The engine's status for the caller",
            description = "Answers 200 whether or not the engine is up.")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EngineStatusResponse.class)))
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
    public EngineStatusResponse status() {
        return new EngineStatusResponse(EngineStatus.of(search.status(currentUser.id())));
    }
}
