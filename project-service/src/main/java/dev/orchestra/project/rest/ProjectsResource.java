package dev.orchestra.project.rest;

import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.rest.Bodies.ProjectList;
import dev.orchestra.project.rest.Bodies.ProjectResponse;
import dev.orchestra.project.rest.Requests.CreateProject;
import dev.orchestra.project.rest.Requests.UpdateProject;
import dev.orchestra.project.service.Body;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.ProjectService;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's projects (issue 5). */
@Path("/api/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
@APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
        headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
public class ProjectsResource {

    private static final String PROJECT_ID = "The project's id";
    private static final String NOT_FOUND = "No live project of the caller's with this id (unknown, malformed, someone else's, "
            + "deleted)";

    private final CurrentUser currentUser;
    private final ProjectService projects;

    public ProjectsResource(CurrentUser currentUser, ProjectService projects) {
        this.currentUser = currentUser;
        this.projects = projects;
    }

    @GET
    @Operation(operationId = "listProjects", summary = "The caller's projects",
            description = "Live projects, newest first by `(created_at, id)`, keyset-paged.")
    @APIResponse(responseCode = "200", description = "A page of projects",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectList.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`limit` not a whole number from 1 to 200, a cursor that is not one of this "
            + "list's, or " + ErrorDocs.BAD_PARAMETER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public ProjectList list(
            @Parameter(description = "Projects per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        return ProjectList.of(projects.list(currentUser.id(), limit, cursor));
    }

    /**
     * 201 with the new project; 200 with the existing one when the client's id is already the
     * caller's project and the body asks for exactly what it holds (a retried create); 409 when the
     * id is taken otherwise, a different body included.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProject", summary = "Create a project",
            description = "With the client's `id` or a new one. Repeating a create is safe: when `id` is already the caller's "
                    + "live project and the body asks for exactly what it holds (name trimmed, settings compared by value), the "
                    + "answer is 200 with it; any other use of a taken id is a 409 that shows nothing of its holder.")
    @APIResponse(responseCode = "201", description = "Created",
            headers = {
                    @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Location", description = "The project's URL", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "200", description = "A repeated create: the caller's project of this id, which holds exactly "
            + "what the body asks for",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "403", description = "The plan's project limit is reached (`details.reason`: `plan_limit`, "
            + "`details.limit`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The caller's account is being erased",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The id is taken: another user's project, a deleted one, any file, or the "
            + "caller's project with other content (`details.id`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A field of the wrong type or over its limit, `name` missing or blank, an "
            + "`id` that is not a UUID, settings over 64 KiB, or a body " + ErrorDocs.BAD_BODY + " (details name each field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateProject.class))) @NotNull(message = "Must be a JSON object") CreateProject body) {
        Created<Project> created = projects.create(currentUser.id(), body.id(), Body.of(body.draft()), null);
        if (created.differs()) {
            throw Refusal.idTaken();
        }
        Project project = created.value();
        Response.ResponseBuilder response = created.created()
                ? Response.created(URI.create("/api/v1/projects/" + project.id())) : Response.ok();
        return response.entity(ProjectResponse.of(project)).header("ETag", Versions.etag(project.version())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getProject", summary = "One of the caller's projects")
    @APIResponse(responseCode = "200", description = "The project",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "An id or parameter with NUL or an unpaired surrogate (`details` names it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response get(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                        @PathParam("id") String id) {
        return withEtag(projects.get(currentUser.id(), Paths.id(id)));
    }

    /** Partial update; conditional on {@code "version"} or {@code If-Match} when either is given. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateProject", summary = "Change a project",
            description = "A partial update: absent fields stay, a null `path` clears it, `settings` are replaced whole (null: "
                    + "`{}`). Conditional when `version` or `If-Match` is given. A change of nothing makes no new version. The "
                    + "body's shape is checked first, for any id; whether the version is current, only for the caller's project.")
    @APIResponse(responseCode = "200", description = "The project after the update",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The project was changed meanwhile: the version given is stale "
            + "(`details.current_version`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A field of the wrong type or over its limit, a null or blank `name`, "
            + "`version` not a positive whole number or other than `If-Match`, a malformed `If-Match`, settings over 64 KiB, "
            + "a body " + ErrorDocs.BAD_BODY + ", or " + ErrorDocs.BAD_PARAMETER + " (details name each field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response update(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("id") String id,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = UpdateProject.class)))
                           @NotNull(message = "Must be a JSON object") UpdateProject body,
                           @Parameter(description = ErrorDocs.IF_MATCH, schema = @Schema(type = SchemaType.STRING), example = "\"3\"")
                           @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.expected(ifMatch, body.version());
        Changed<Project> changed = projects.update(currentUser.id(), Paths.id(id), Body.of(body.change()), expected, null);
        return withEtag(changed.value());
    }

    /** A tombstone from now on (404 here); the project's files go with it. Conditional on {@code If-Match} when given. */
    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteProject", summary = "Delete a project",
            description = "The project and its live files become tombstones: 404 from now on, their ids never usable again.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "`If-Match` names a stale version (`details.current_version`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A malformed `If-Match` (`details.if_match`), or " + ErrorDocs.BAD_PARAMETER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response delete(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("id") String id,
                           @Parameter(description = ErrorDocs.IF_MATCH, schema = @Schema(type = SchemaType.STRING), example = "\"3\"")
                           @HeaderParam("If-Match") String ifMatch) {
        projects.delete(currentUser.id(), Paths.id(id), Versions.expected(ifMatch, null), null);
        return Response.noContent().build();
    }

    private static Response withEtag(Project project) {
        return Response.ok(ProjectResponse.of(project)).header("ETag", Versions.etag(project.version())).build();
    }
}
