package dev.orchestra.project.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.orchestra.project.service.FileInput;
import dev.orchestra.project.service.Inputs;
import dev.orchestra.project.service.ProjectInput;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies, with their OpenAPI schemas. Their shape — types, presence, lengths: nothing
 * that depends on a stored project or file — is checked here, at the edge, for every caller alike
 * whatever the ids in the path; the rules that do depend on what is stored (versions, ids taken,
 * path collisions, the path rule that spares a path stored before it, quotas) are the service's,
 * after it has found the target to be the caller's.
 *
 * <p>Each body is read as a tree by its own shape check (the same the service applies to a sync
 * mutation's data) rather than bound field by field: that check names every wrong field at once in
 * the API's wording, where Jackson's binding would stop at the first.
 */
final class Requests {

    private Requests() {
    }

    @Schema(name = "ProjectCreate", description = "A new project. Unknown fields are ignored.")
    @JsonDeserialize(using = CreateProject.Reader.class)
    record CreateProject(
            @Schema(implementation = String.class, format = "uuid", nullable = true, description = "A client-made id (a UUID); absent or null: the server makes "
                    + "one. Ids are one space for projects and files.") UUID id,
            @Schema(required = true, minLength = 1, maxLength = ProjectInput.MAX_NAME,
                    description = "1 to 255 characters after trimming white space; stored trimmed", example = "My project")
            String name,
            @Schema(nullable = true, maxLength = ProjectInput.MAX_PATH,
                    description = "Where the project lives on the desktop, at most 1,024 characters", example = "~/code/my-project")
            String path,
            @Schema(implementation = Settings.class, nullable = true,
                    description = "Any JSON object of at most 64 KiB (numbers of at most 100 significant digits, exponents within "
                            + "±308); absent or null: `{}`") JsonNode settings) {

        static CreateProject read(JsonNode body) {
            UUID id = Inputs.optionalId(body, "id");
            ProjectInput.Draft draft = ProjectInput.draft(body);
            return new CreateProject(id, draft.name(), draft.path(), draft.settings());
        }

        ProjectInput.Draft draft() {
            return new ProjectInput.Draft(name, path, settings);
        }

        static final class Reader extends ShapeReader<CreateProject> {
            Reader() {
                super(CreateProject.class, CreateProject::read);
            }
        }
    }

    @Schema(name = "ProjectUpdate", description = "A partial update: an absent field stays as it is. Unknown fields are ignored.")
    @JsonDeserialize(using = UpdateProject.Reader.class)
    record UpdateProject(
            @Schema(minLength = 1, maxLength = ProjectInput.MAX_NAME,
                    description = "1 to 255 characters after trimming; null is refused") String name,
            @Schema(nullable = true, maxLength = ProjectInput.MAX_PATH, description = "At most 1,024 characters; null clears it")
            String path,
            @Schema(implementation = Settings.class, nullable = true,
                    description = "Replaces the settings whole: any JSON object of at most 64 KiB; null resets them to `{}`")
            JsonNode settings,
            @Schema(minimum = "1", nullable = true, description = "The version this update is based on: a stale one is a 409. "
                    + "Equal to `If-Match` when both are given") Long version,
            // Whether the body names a path at all: null clears the path, absent keeps it.
            @Schema(hidden = true) boolean pathGiven) {

        static UpdateProject read(JsonNode body) {
            Long version = Inputs.bodyVersion(body);
            ProjectInput.Change change = ProjectInput.change(body);
            return new UpdateProject(change.name(), change.path(), change.settings(), version, change.pathGiven());
        }

        ProjectInput.Change change() {
            return new ProjectInput.Change(name, pathGiven, path, settings);
        }

        static final class Reader extends ShapeReader<UpdateProject> {
            Reader() {
                super(UpdateProject.class, UpdateProject::read);
            }
        }
    }

    @Schema(name = "FileCreate", description = "A new file of the project. Unknown fields (a size or hash, say) are ignored: those "
            + "are the server's.")
    @JsonDeserialize(using = CreateFile.Reader.class)
    record CreateFile(
            @Schema(implementation = String.class, format = "uuid", nullable = true, description = "A client-made id (a UUID); absent or null: the server makes "
                    + "one. Ids are one space for projects and files.") UUID id,
            @Schema(required = true, minLength = 1, maxLength = 1024, description = FILE_PATH, example = "src/main.rs")
            String path,
            @Schema(required = true, maxLength = FILE_CONTENT_CHARACTERS, description = FILE_CONTENT) String content) {

        static CreateFile read(JsonNode body) {
            UUID id = Inputs.optionalId(body, "id");
            FileInput.Fields fields = FileInput.fields(body);
            return new CreateFile(id, fields.path(), fields.content());
        }

        FileInput.Fields fields() {
            return new FileInput.Fields(path, content);
        }

        static final class Reader extends ShapeReader<CreateFile> {
            Reader() {
                super(CreateFile.class, CreateFile::read);
            }
        }
    }

    @Schema(name = "FileUpdate", description = "A partial update: an absent field stays as it is. Unknown fields are ignored.")
    @JsonDeserialize(using = UpdateFile.Reader.class)
    record UpdateFile(
            @Schema(minLength = 1, maxLength = 1024, description = FILE_PATH + " A path stored before these rules may be given "
                    + "unchanged. Null is refused.") String path,
            @Schema(maxLength = FILE_CONTENT_CHARACTERS, description = FILE_CONTENT + " Null is refused.") String content,
            @Schema(minimum = "1", nullable = true, description = "The version this update is based on: a stale one is a 409. "
                    + "Equal to `If-Match` when both are given") Long version) {

        static UpdateFile read(JsonNode body) {
            Long version = Inputs.bodyVersion(body);
            FileInput.Edit edit = FileInput.edit(body);
            return new UpdateFile(edit.path(), edit.content(), version);
        }

        FileInput.Edit edit() {
            return new FileInput.Edit(path, content);
        }

        static final class Reader extends ShapeReader<UpdateFile> {
            Reader() {
                super(UpdateFile.class, UpdateFile::read);
            }
        }
    }

    @Schema(name = "BatchGetRequest", description = "The files wanted, by id")
    @JsonDeserialize(using = BatchGet.Reader.class)
    record BatchGet(
            @Schema(required = true, maxItems = 100, description = "At most 100 file ids (`orchestra.project.batch-get.max-ids`), "
                    + "duplicates counted; answered in this order, each once") List<UUID> ids) {

        static final class Reader extends ShapeReader<BatchGet> {
            Reader() {
                super(BatchGet.class, body -> new BatchGet(FileInput.batchIds(body)));
            }
        }
    }

    /** How settings appear in the document: a JSON object of anything (Java holds them as a tree or as JSON text). */
    @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class)
    record Settings() {
    }

    static final String FILE_PATH = "Relative and `/`-separated, at most 1,024 characters, stored in Unicode NFC; no empty, `.` "
            + "or `..` segment, no segment over 255 bytes or ending in a dot or a space, none of `< > : \" | ? * \\`, no control "
            + "or invisible character, no Windows device name (`CON`, `aux.txt`, …). Unique in the project, also apart from "
            + "case, and never a folder of another file's path (409).";
    static final String FILE_CONTENT = "UTF-8 text of at most 1 MiB (`orchestra.project.files.max-content`; 413 beyond); "
            + "`\"\"` is an empty file.";
    /** 1 MiB of UTF-8 is at most this many characters; the byte limit is the rule. */
    static final int FILE_CONTENT_CHARACTERS = 1024 * 1024;

    /**
     * Reads a body as a JSON tree and hands it to the body's shape check ({@link Requests}). A
     * refusal is an ApiException, answered by platform's mapper like any other.
     */
    abstract static class ShapeReader<T> extends StdDeserializer<T> {

        private final transient Function<JsonNode, T> shape;

        ShapeReader(Class<T> type, Function<JsonNode, T> shape) {
            super(type);
            this.shape = shape;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return shape.apply(context.readTree(parser));
        }
    }
}
