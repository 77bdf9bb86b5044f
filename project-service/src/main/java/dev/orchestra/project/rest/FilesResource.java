package dev.orchestra.project.rest;

import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.rest.Versions;
import dev.orchestra.platform.security.CurrentUser;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.rest.Bodies.BatchGetResponse;
import dev.orchestra.project.rest.Bodies.BatchResult;
import dev.orchestra.project.rest.Bodies.FileList;
import dev.orchestra.project.rest.Bodies.FileResponse;
import dev.orchestra.project.rest.Requests.BatchGet;
import dev.orchestra.project.rest.Requests.CreateFile;
import dev.orchestra.project.rest.Requests.UpdateFile;
import dev.orchestra.project.service.Body;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.FileService;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The files of one of the caller's projects (issue 5). */
@Path("/api/v1/projects/{projectId}/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Files")
@APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
        headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
public class FilesResource {

    private static final String PROJECT_ID = "The project's id";
    private static final String FILE_ID = "The file's id";
    private static final String PROJECT_NOT_FOUND = "No live project of the caller's with this id (unknown, malformed, someone "
            + "else's, deleted)";
    private static final String FILE_NOT_FOUND = "No live file with this id in a live project of the caller's with that id "
            + "(unknown, malformed, someone else's, deleted, of another project)";

    private final CurrentUser currentUser;
    private final FileService files;

    public FilesResource(CurrentUser currentUser, FileService files) {
        this.currentUser = currentUser;
        this.files = files;
    }

    @GET
    @Operation(operationId = "listFiles", summary = "A project's files",
            description = "Live files, newest first by `(created_at, id)`, keyset-paged, without content.")
    @APIResponse(responseCode = "200", description = "A page of files",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileList.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = PROJECT_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`limit` not a whole number from 1 to 200, a cursor that is not one of this "
            + "list's, or " + ErrorDocs.BAD_PARAMETER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public FileList list(
            @Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("projectId") String projectId,
            @Parameter(description = "Files per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        return FileList.of(files.list(currentUser.id(), Paths.id(projectId), limit, cursor));
    }

    /**
     * 201 with the new file (without content); 200 with the existing one when the client's id is a
     * file of this project with the same path and content (a retried create); 409 when the id is
     * taken otherwise, a different body included.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createFile", summary = "Create a file",
            description = "With the client's `id` or a new one; the answer leaves the content out. Repeating a create is safe: "
                    + "when `id` is a live file of this project with the same path and content, the answer is 200 with it; any "
                    + "other use of a taken id is a 409 that shows nothing of its holder. The body's shape is checked first, for "
                    + "any project id; the path rule, collisions and quotas only in the caller's project.")
    @APIResponse(responseCode = "201", description = "Created (without content)",
            headers = {
                    @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Location", description = "The file's URL", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileResponse.class)))
    @APIResponse(responseCode = "200", description = "A repeated create: the file of this id, which has this path and content "
            + "(without content)",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileResponse.class)))
    @APIResponse(responseCode = "403", description = "A plan limit is reached: files per project, or the content of all the "
            + "caller's files (`details.reason`: `plan_limit`, `details.limit`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = PROJECT_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The id is taken (`details.id`: a file elsewhere, a deleted one, a project, "
            + "or this project's file with another path or content), or the path collides with another file of the project "
            + "(`details.path`: the same path, the same apart from case, or one a folder of the other)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "The content is over 1 MiB of UTF-8 (`details.content`), or the body over "
            + "8 MiB (refused before it is read)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`path` or `content` missing or not a string, a path against the path "
            + "rule, an `id` that is not a UUID, a body " + ErrorDocs.BAD_BODY + ", or " + ErrorDocs.BAD_PARAMETER
            + " (details name each field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response create(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("projectId") String projectId,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = CreateFile.class)))
                           @NotNull(message = "Must be a JSON object") CreateFile body) {
        UUID project = Paths.id(projectId);
        Created<ProjectFile> created = files.create(currentUser.id(), project, body.id(), Body.of(body.fields()), null);
        if (created.differs()) {
            throw Refusal.idTaken();
        }
        ProjectFile file = created.value();
        Response.ResponseBuilder response = created.created()
                ? Response.created(URI.create("/api/v1/projects/" + project + "/files/" + file.id())) : Response.ok();
        return response.entity(FileResponse.of(file)).header("ETag", Versions.etag(file.version())).build();
    }

    /**
     * The current content of up to 100 live files of this project, an answer of at most 8 MiB (its
     * whole JSON, content escaped):
     * {@code {"data": {"files": [...], "has_more": b, "missing": [...]}}}.
     */
    @POST
    @Path("/batch-get")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "batchGetFiles", summary = "Several files with their content",
            description = "Up to 100 live files of this project by id, in the order asked, with content, in an answer of at "
                    + "most 8 MiB of JSON: what does not fit is left for another call (`has_more`); ids that are no live file of "
                    + "this project are `missing`.")
    @APIResponse(responseCode = "200", description = "The files",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchGetResponse.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = PROJECT_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`ids` missing, not a list, over 100 or holding something other than a UUID "
            + "(`details.ids`, `details.ids.<index>`), a body " + ErrorDocs.BAD_BODY + ", or " + ErrorDocs.BAD_PARAMETER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public BatchGetResponse batchGet(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                     @PathParam("projectId") String projectId,
                                     @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                             schema = @Schema(implementation = BatchGet.class)))
                                     @NotNull(message = "Must be a JSON object") BatchGet body) {
        return new BatchGetResponse(BatchResult.of(files.batchGet(currentUser.id(), Paths.id(projectId), body.ids())));
    }

    @GET
    @Path("/{fileId}")
    @Operation(operationId = "getFile", summary = "A file with its content")
    @APIResponse(responseCode = "200", description = "The file, with `content`",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileResponse.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = FILE_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "An id or parameter with NUL or an unpaired surrogate (`details` names it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response get(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                        @PathParam("projectId") String projectId,
                        @Parameter(description = FILE_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                        @PathParam("fileId") String fileId) {
        return withEtag(files.get(currentUser.id(), Paths.id(projectId), Paths.id(fileId)));
    }

    /** Partial update of path and content; conditional on {@code "version"} or {@code If-Match} when either is given. */
    @PUT
    @Path("/{fileId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateFile", summary = "Rename a file or change its content",
            description = "A partial update (absent fields stay); the answer leaves the content out. Conditional when `version` "
                    + "or `If-Match` is given. A change of nothing makes no new version. The body's shape is checked first, for "
                    + "any id; the path rule (which spares the file's own path stored before it), collisions, quotas and the "
                    + "version only for the caller's file.")
    @APIResponse(responseCode = "200", description = "The file after the update (without content)",
            headers = @Header(name = "ETag", description = ErrorDocs.ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileResponse.class)))
    @APIResponse(responseCode = "403", description = "Growing content would take the caller over the plan's content limit "
            + "(`details.reason`: `plan_limit`, `details.limit`); shrinking and renaming always pass",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = FILE_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The version given is stale (`details.current_version`), or the new path "
            + "collides with another file of the project (`details.path`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "The content is over 1 MiB of UTF-8 (`details.content`), or the body over "
            + "8 MiB (refused before it is read)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`path` or `content` null or not a string, a new path against the path rule, "
            + "`version` not a positive whole number or other than `If-Match`, a malformed `If-Match`, a body "
            + ErrorDocs.BAD_BODY + ", or " + ErrorDocs.BAD_PARAMETER + " (details name each field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response update(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("projectId") String projectId,
                           @Parameter(description = FILE_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("fileId") String fileId,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = UpdateFile.class)))
                           @NotNull(message = "Must be a JSON object") UpdateFile body,
                           @Parameter(description = ErrorDocs.IF_MATCH, schema = @Schema(type = SchemaType.STRING), example = "\"3\"")
                           @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.expected(ifMatch, body.version());
        Changed<ProjectFile> changed = files.update(currentUser.id(), Paths.id(projectId), Paths.id(fileId), Body.of(body.edit()),
                expected, null);
        return withEtag(changed.value());
    }

    /** A tombstone without content from now on (404 here). */
    @DELETE
    @Path("/{fileId}")
    @Operation(operationId = "deleteFile", summary = "Delete a file",
            description = "The file becomes a tombstone without content: 404 from now on, its id never usable again.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = FILE_NOT_FOUND,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "`If-Match` names a stale version (`details.current_version`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A malformed `If-Match` (`details.if_match`), or " + ErrorDocs.BAD_PARAMETER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response delete(@Parameter(description = PROJECT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("projectId") String projectId,
                           @Parameter(description = FILE_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("fileId") String fileId,
                           @Parameter(description = ErrorDocs.IF_MATCH, schema = @Schema(type = SchemaType.STRING), example = "\"3\"")
                           @HeaderParam("If-Match") String ifMatch) {
        files.delete(currentUser.id(), Paths.id(projectId), Paths.id(fileId), Versions.expected(ifMatch, null), null);
        return Response.noContent().build();
    }

    private static Response withEtag(ProjectFile file) {
        return Response.ok(FileResponse.of(file)).header("ETag", Versions.etag(file.version())).build();
    }
}
