package dev.orchestra.sync.rest;

import dev.orchestra.platform.paging.Page;
import dev.orchestra.sync.domain.DailyStats;
import dev.orchestra.sync.service.StatsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Daily sync activity for the admin group: pushes, mutations, rejections, changes, active users. */
@Path("/api/v1/admin/stats/daily")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminStatsResource {

    private final StatsService stats;

    public AdminStatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    public Page<DailyStats> daily(@QueryParam("from") String from, @QueryParam("to") String to) {
        return Page.of(stats.daily(from, to), null);
    }
}
