package dev.orchestra.platform.openapi;

import dev.orchestra.platform.error.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Exists only in the chassis' tests: an operation documented the way the services document theirs. */
@Path("/probe/documented")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentedProbeResource {

    public record Part(@Schema(required = true) String name) {
    }

    public record Whole(@Schema(required = true, nullable = true, description = "May be absent") Part part,
                        @Schema(required = true, nullable = true) Instant at,
                        @Schema(implementation = Part.class, nullable = true, description = "Another way to say it") Part other) {
    }

    @GET
    @Operation(operationId = "probeDocumented")
    @APIResponse(responseCode = "200", description = "The whole",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Whole.class)))
    @APIResponse(responseCode = "404", description = "None here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Away",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Whole get() {
        return new Whole(null, null, null);
    }
}
