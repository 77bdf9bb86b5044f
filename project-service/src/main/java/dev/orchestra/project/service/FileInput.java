package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.text.FilePaths;
import dev.orchestra.project.domain.FileContent;
import dev.orchestra.project.domain.Refusal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A file's fields as a write gives them: {@code path} (platform's {@link FilePaths} rule, stored in
 * NFC) and {@code content}, UTF-8 text of at most 1 MiB (beyond: 413 {@code payload_too_large}).
 * Size and hash are the server's; fields a client sends for them are ignored.
 *
 * <p>Two steps: the shape (types, presence), which depends on nothing stored and which REST checks
 * at the edge for every caller alike ({@link #fields}, {@link #edit}, {@link #batchIds}); then the
 * rules ({@link #draft}, {@link #change}), which the service applies once it has found the file's
 * project to be the caller's, because one depends on the stored file: a path stored before the
 * current rule stays usable, so an update that gives it unchanged is not refused for it. The
 * configured content limit is checked with the rules too.
 */
public final class FileInput {

    private FileInput() {
    }

    /** A create's fields, shape checked: both present and text, the path not yet checked against the path rule. */
    public record Fields(String path, String content) {
    }

    /** An update's fields, shape checked: each null when absent (a null given is refused). */
    public record Edit(String path, String content) {
    }

    /** A create's fields after the rules: the path normalised, the content measured. */
    record Draft(String path, FileContent content) {
    }

    /** An update's fields after the rules: each null when absent. */
    record Change(String path, FileContent content) {
    }

    /** A create's shape: {@code path} and {@code content} required strings, every problem at once. */
    public static Fields fields(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        String path = text(body.get("path"), "path", "Path is required", "Must be a string", errors);
        String content = text(body.get("content"), "content", "Content is required (an empty file is \"\")",
                "Must be a string (UTF-8 text)", errors);
        Inputs.failOn(errors);
        return new Fields(path, content);
    }

    /** An update's shape: {@code path} and {@code content} optional, but strings when given (null is refused). */
    public static Edit edit(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        String path = body.has("path") ? text(body.get("path"), "path", "Path is required", "Must be a string", errors) : null;
        String content = body.has("content") ? text(body.get("content"), "content", "Content is required (an empty file is \"\")",
                "Must be a string (UTF-8 text)", errors) : null;
        Inputs.failOn(errors);
        return new Edit(path, content);
    }

    /** The ids of a batch-get body, as given (duplicates and all): a required list of UUIDs. */
    public static List<UUID> batchIds(JsonNode data) {
        JsonNode ids = Inputs.object(data).get("ids");
        if (ids == null || ids.isNull()) {
            throw Refusal.invalid("ids", "Required");
        }
        if (!ids.isArray()) {
            throw Refusal.invalid("ids", "Must be a list of file ids");
        }
        List<UUID> parsed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            UUID value = id.isTextual() ? Ids.parseOrNull(id.asText()) : null;
            if (value == null) {
                throw Refusal.invalid("ids." + i, "Must be a UUID");
            }
            parsed.add(value);
        }
        return parsed;
    }

    /** At most {@code max} ids (counted as given), duplicates dropped, order kept. */
    static List<UUID> distinctIds(List<UUID> ids, int max) {
        if (ids.size() > max) {
            throw Refusal.invalid("ids", "At most " + max + " ids");
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    static Draft draft(Fields fields, long maxContentBytes) {
        Map<String, String> errors = new LinkedHashMap<>();
        String path = path(fields.path(), errors);
        Inputs.failOn(errors);
        return new Draft(path, measured(fields.content(), maxContentBytes));
    }

    static Change change(Edit edit, long maxContentBytes, String currentPath) {
        Map<String, String> errors = new LinkedHashMap<>();
        String path = edit.path() == null ? null : edit.path().equals(currentPath) ? currentPath : path(edit.path(), errors);
        Inputs.failOn(errors);
        return new Change(path, edit.content() == null ? null : measured(edit.content(), maxContentBytes));
    }

    private static String text(JsonNode node, String field, String required, String notText, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put(field, required);
            return null;
        }
        if (!node.isTextual()) {
            errors.put(field, notText);
            return null;
        }
        return node.asText();
    }

    private static String path(String raw, Map<String, String> errors) {
        try {
            return FilePaths.normalise(raw);
        } catch (FilePaths.InvalidPath e) {
            errors.put("path", e.getMessage());
            return null;
        }
    }

    private static FileContent measured(String text, long maxContentBytes) {
        FileContent content = FileContent.of(text);
        if (content.size() > maxContentBytes) {
            String message = "The content is larger than " + maxContentBytes + " bytes of UTF-8";
            throw Refusal.tooLarge("content", message);
        }
        return content;
    }
}
