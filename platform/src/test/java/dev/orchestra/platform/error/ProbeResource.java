package dev.orchestra.platform.error;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;

/** A resource that exists only in the chassis' tests, to make each kind of failure happen. */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public record Thing(@NotBlank(message = "Name is required") @Size(max = 10) String name, Integer count, UUID ownerId,
                        Map<String, Object> settings) {
    }

    @POST
    @Path("/things")
    public Map<String, Object> create(@Valid Thing thing) {
        return Map.of("data", Map.of("name", thing.name()));
    }

    @POST
    @Path("/small/things")
    public Map<String, Object> createSmall(@Valid Thing thing) {
        return Map.of("data", Map.of("name", thing.name()));
    }

    @GET
    @Path("/things/{id}")
    public Map<String, Object> get(@PathParam("id") UUID id) {
        throw ApiException.notFound();
    }

    /** A timestamp with microseconds, as the database gives them. */
    @GET
    @Path("/time")
    public Map<String, Object> time() {
        return Map.of("data", Map.of("at", java.time.Instant.parse("2026-11-25T10:15:30.123456Z"),
                "whole_second", java.time.Instant.parse("2026-11-25T10:15:30Z")));
    }

    @GET
    @Path("/search")
    public Map<String, Object> search(@jakarta.ws.rs.QueryParam("q") String q) {
        return Map.of("data", Map.of("q", q == null ? "" : q));
    }

    @POST
    @Path("/stale")
    public Map<String, Object> stale() {
        throw ApiException.staleVersion(7);
    }

    @POST
    @Path("/limited")
    public Map<String, Object> limited() {
        throw ApiException.rateLimited(java.time.Duration.ofSeconds(42));
    }

    @GET
    @Path("/bug")
    public Map<String, Object> bug() {
        throw new IllegalStateException("select * from secret_table -- at dev.orchestra.Internal");
    }
}
