package dev.orchestra.project.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.rest.Data;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.rest.Bodies.ProjectResponse;
import dev.orchestra.project.service.Body;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.Refusals;
import dev.orchestra.project.service.Inputs;
import dev.orchestra.project.service.ProjectService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The caller's projects (issue 5). */
@Path("/api/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    private final CurrentUser currentUser;
    private final ProjectService projects;

    public ProjectsResource(CurrentUser currentUser, ProjectService projects) {
        this.currentUser = currentUser;
        this.projects = projects;
    }

    /** Live projects, newest first, keyset-paged. */
    @GET
    public Page<ProjectResponse> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Page<Project> page = projects.list(currentUser.id(), limit, cursor);
        return Page.of(page.data().stream().map(ProjectResponse::of).toList(), page.meta().nextCursor());
    }

    /**
     * 201 with the new project; 200 with the existing one when the client's id is already the
     * caller's project and the body asks for exactly what it holds (a retried create); 409 when the
     * id is taken otherwise, a different body included.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        Created<Project> created = projects.create(currentUser.id(), Inputs.optionalId(body, "id"), Body.of(body), null);
        if (created.differs()) {
            throw Refusals.idTaken();
        }
        Project project = created.value();
        Response.ResponseBuilder response = created.created()
                ? Response.created(URI.create("/api/v1/projects/" + project.id())) : Response.ok();
        return response.entity(Data.of(ProjectResponse.of(project))).header("ETag", Versions.etag(project.version())).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return withEtag(projects.get(currentUser.id(), Paths.id(id)));
    }

    /** Partial update; conditional on {@code "version"} or {@code If-Match} when either is given. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, JsonNode body, @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.expected(ifMatch, Inputs.bodyVersion(body));
        Changed<Project> changed = projects.update(currentUser.id(), Paths.id(id), Body.of(body), expected, null);
        return withEtag(changed.value());
    }

    /** A tombstone from now on (404 here); the project's files go with it. Conditional on {@code If-Match} when given. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        projects.delete(currentUser.id(), Paths.id(id), Versions.expected(ifMatch, null), null);
        return Response.noContent().build();
    }

    private static Response withEtag(Project project) {
        return Response.ok(Data.of(ProjectResponse.of(project))).header("ETag", Versions.etag(project.version())).build();
    }
}
