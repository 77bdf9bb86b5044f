package dev.orchestra.project.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.rest.Data;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.rest.Bodies.BatchResponse;
import dev.orchestra.project.rest.Bodies.FileResponse;
import dev.orchestra.project.service.Body;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.Refusals;
import dev.orchestra.project.service.FileService;
import dev.orchestra.project.service.Inputs;
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
import java.util.UUID;

/** The files of one of the caller's projects (issue 5). */
@Path("/api/v1/projects/{projectId}/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {

    private final CurrentUser currentUser;
    private final FileService files;

    public FilesResource(CurrentUser currentUser, FileService files) {
        this.currentUser = currentUser;
        this.files = files;
    }

    /** Live files, newest first, keyset-paged, without content. */
    @GET
    public Page<FileResponse> list(@PathParam("projectId") String projectId, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        Page<ProjectFile> page = files.list(currentUser.id(), Paths.id(projectId), limit, cursor);
        return Page.of(page.data().stream().map(FileResponse::of).toList(), page.meta().nextCursor());
    }

    /**
     * 201 with the new file (without content); 200 with the existing one when the client's id is a
     * file of this project with the same path and content (a retried create); 409 when the id is
     * taken otherwise, a different body included.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("projectId") String projectId, JsonNode body) {
        UUID project = Paths.id(projectId);
        Created<ProjectFile> created = files.create(currentUser.id(), project, Inputs.optionalId(body, "id"), Body.of(body), null);
        if (created.differs()) {
            throw Refusals.idTaken();
        }
        ProjectFile file = created.value();
        Response.ResponseBuilder response = created.created()
                ? Response.created(URI.create("/api/v1/projects/" + project + "/files/" + file.id())) : Response.ok();
        return response.entity(Data.of(FileResponse.of(file))).header("ETag", Versions.etag(file.version())).build();
    }

    /**
     * The current content of up to 100 live files of this project, an answer of at most 8 MiB (its
     * whole JSON, content escaped):
     * {@code {"data": {"files": [...], "has_more": b, "missing": [...]}}}.
     */
    @POST
    @Path("/batch-get")
    @Consumes(MediaType.APPLICATION_JSON)
    public Data<BatchResponse> batchGet(@PathParam("projectId") String projectId, JsonNode body) {
        return Data.of(BatchResponse.of(files.batchGet(currentUser.id(), Paths.id(projectId), body)));
    }

    /** The file with its content. */
    @GET
    @Path("/{fileId}")
    public Response get(@PathParam("projectId") String projectId, @PathParam("fileId") String fileId) {
        return withEtag(files.get(currentUser.id(), Paths.id(projectId), Paths.id(fileId)));
    }

    /** Partial update of path and content; conditional on {@code "version"} or {@code If-Match} when either is given. */
    @PUT
    @Path("/{fileId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("projectId") String projectId, @PathParam("fileId") String fileId, JsonNode body,
                           @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.expected(ifMatch, Inputs.bodyVersion(body));
        Changed<ProjectFile> changed = files.update(currentUser.id(), Paths.id(projectId), Paths.id(fileId), Body.of(body), expected,
                null);
        return withEtag(changed.value());
    }

    /** A tombstone without content from now on (404 here). */
    @DELETE
    @Path("/{fileId}")
    public Response delete(@PathParam("projectId") String projectId, @PathParam("fileId") String fileId,
                           @HeaderParam("If-Match") String ifMatch) {
        files.delete(currentUser.id(), Paths.id(projectId), Paths.id(fileId), Versions.expected(ifMatch, null), null);
        return Response.noContent().build();
    }

    private static Response withEtag(ProjectFile file) {
        return Response.ok(Data.of(FileResponse.of(file))).header("ETag", Versions.etag(file.version())).build();
    }
}
