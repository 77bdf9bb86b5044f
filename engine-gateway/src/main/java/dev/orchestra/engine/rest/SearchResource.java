package dev.orchestra.engine.rest;

import dev.orchestra.engine.rest.Bodies.SearchResponse;
import dev.orchestra.engine.rest.Bodies.SearchResult;
import dev.orchestra.engine.service.SearchService;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** Code search in one of the caller's projects. */
@Path("/api/v1/projects/{id}/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

    private final CurrentUser currentUser;
    private final SearchService search;

    public SearchResource(CurrentUser currentUser, SearchService search) {
        this.currentUser = currentUser;
        this.search = search;
    }

    @GET
    @Operation(operationId = "searchProject", summary = "Search a project's files",
            description = "Lines of the project's files that match the query, best first, for the project's owner only. "
                    + "Files changed moments ago may not be indexed yet: `pending_files` says how many wait.")
    @APIResponse(responseCode = "200", description = "The hits",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No project of the caller's with this id (unknown, someone else's, deleted)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`q` missing, empty or over 256 characters, `limit` not a whole number "
            + "from 1 to 100, or a query the engine cannot run (`details.q`, `details.limit`: each field that is wrong)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The engine is down, too slow or erring, or its circuit breaker open "
            + "(`details.dependency`: `engine`). Also: " + ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public SearchResponse search(
            @Parameter(description = "The project's id", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("id") String id,
            @Parameter(required = true, description = "Words and \"quoted phrases\" (any may match; more and rarer matches "
                    + "rank higher), 1 to 256 characters",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 256))
            @QueryParam("q") String q,
            @Parameter(description = "Hits at most, 1 to 100",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") String limit) {
        return new SearchResponse(SearchResult.of(search.search(currentUser.id(), id, q, limit)));
    }
}
