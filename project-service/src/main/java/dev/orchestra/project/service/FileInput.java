package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.text.FilePaths;
import dev.orchestra.project.domain.FileContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A file's fields as a write gives them: {@code path} (platform's {@link FilePaths} rule, stored in
 * NFC) and {@code content}, UTF-8 text of at most 1 MiB (beyond: 413 {@code payload_too_large}).
 * Size and hash are the server's; fields a client sends for them are ignored. A path stored before
 * the current rule stays usable: an update that gives it unchanged is not refused for it.
 */
final class FileInput {

    private FileInput() {
    }

    record Draft(String path, FileContent content) {
    }

    /** An update: each null when absent. */
    record Change(String path, FileContent content) {
    }

    static Draft draft(JsonNode data, long maxContentBytes) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        String path = path(body.get("path"), errors);
        String content = content(body.get("content"), errors);
        Inputs.failOn(errors);
        return new Draft(path, measured(content, maxContentBytes));
    }

    static Change change(JsonNode data, long maxContentBytes, String currentPath) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode pathNode = body.get("path");
        String path = pathNode == null ? null
                : pathNode.isTextual() && pathNode.asText().equals(currentPath) ? currentPath
                : path(pathNode, errors);
        String content = body.has("content") ? content(body.get("content"), errors) : null;
        Inputs.failOn(errors);
        return new Change(path, content == null ? null : measured(content, maxContentBytes));
    }

    /** The ids of a batch-get body: a list of at most {@code max} UUIDs, duplicates dropped, order kept. */
    static List<UUID> batchIds(JsonNode data, int max) {
        JsonNode ids = Inputs.object(data).get("ids");
        if (ids == null || ids.isNull()) {
            throw ApiException.invalid("ids", "Required");
        }
        if (!ids.isArray()) {
            throw ApiException.invalid("ids", "Must be a list of file ids");
        }
        if (ids.size() > max) {
            throw ApiException.invalid("ids", "At most " + max + " ids");
        }
        Set<UUID> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            UUID parsed = id.isTextual() ? dev.orchestra.platform.id.Ids.parseOrNull(id.asText()) : null;
            if (parsed == null) {
                throw ApiException.invalid("ids." + i, "Must be a UUID");
            }
            unique.add(parsed);
        }
        return new ArrayList<>(unique);
    }

    private static String path(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("path", "Path is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.put("path", "Must be a string");
            return null;
        }
        try {
            return FilePaths.normalise(node.asText());
        } catch (FilePaths.InvalidPath e) {
            errors.put("path", e.getMessage());
            return null;
        }
    }

    private static String content(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("content", "Content is required (an empty file is \"\")");
            return null;
        }
        if (!node.isTextual()) {
            errors.put("content", "Must be a string (UTF-8 text)");
            return null;
        }
        return node.asText();
    }

    private static FileContent measured(String text, long maxContentBytes) {
        FileContent content = FileContent.of(text);
        if (content.size() > maxContentBytes) {
            String message = "The content is larger than " + maxContentBytes + " bytes of UTF-8";
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, message, Map.of("content", message));
        }
        return content;
    }
}
