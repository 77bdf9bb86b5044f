package dev.orchestra.sync.rest;

import dev.orchestra.platform.error.ApiError;
import dev.orchestra.sync.rest.Bodies.DailyStatsBody;
import dev.orchestra.sync.rest.Bodies.DailyStatsList;
import dev.orchestra.sync.rest.Bodies.StatsMeta;
import dev.orchestra.sync.service.StatsService;
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

/** Daily sync activity for the admin group: pushes, mutations, rejections, changes, active users. */
@Path("/api/v1/admin/stats/daily")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminStatsResource {

    private final StatsService stats;

    public AdminStatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    @Operation(operationId = "dailySyncStats", summary = "Daily sync activity (admins only)",
            description = "Each UTC day of the range with activity: pushes, mutations, rejections, changes, active users. "
                    + "Not paged: a range is at most 366 days.")
    @APIResponse(responseCode = "200", description = "The days",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DailyStatsList.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_ADMIN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A date that is not `YYYY-MM-DD` in years 1–9999, `from` after `to`, or a "
            + "range over 366 days (details name the parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public DailyStatsList daily(
            @Parameter(description = "The first day (UTC); default 29 days before `to`",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("from") String from,
            @Parameter(description = "The last day (UTC); default today", schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("to") String to) {
        return new DailyStatsList(stats.daily(from, to).stream().map(DailyStatsBody::of).toList(), new StatsMeta(null));
    }
}
