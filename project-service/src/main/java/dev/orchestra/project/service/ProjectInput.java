package dev.orchestra.project.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.json.JsonNumbers;
import dev.orchestra.project.domain.Project;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A project's fields as a write gives them (issue 5), all of them shape (no rule of a project's
 * depends on its stored state but its version): {@code name} 1–255 characters after
 * trimming, {@code path} at most 1,024 characters or null, {@code settings} a JSON object of at
 * most 64 KiB. Unknown fields are ignored, as everywhere in the API.
 *
 * <p>Settings follow platform's number rule ({@link JsonNumbers}: at most 100 significant digits,
 * exponents within ±308, else 422 naming the number's path such as {@code settings.n}); they are
 * stored in its canonical form, the 64 KiB are measured on that form, and they are compared by
 * value ({@code 1e2} is {@code 100}, {@code 1.10} is {@code 1.1}), so an identical repeated create
 * is recognised whatever the notation.
 */
public final class ProjectInput {

    public static final int MAX_NAME = 255;
    public static final int MAX_PATH = 1024;
    static final int MAX_SETTINGS_BYTES = 64 * 1024;
    private ProjectInput() {
    }

    /** A create: name required, path and settings optional ({@code {}} when absent or null). */
    public record Draft(String name, String path, JsonNode settings) {
        String settingsText() {
            return text(settings);
        }

        /** Whether the project already holds exactly this (a repeated create). */
        boolean sameAs(Project project) {
            return name.equals(project.name()) && Objects.equals(path, project.path()) && sameSettings(settings, project.settings());
        }
    }

    /** An update: name and settings null when absent; path applies only when {@code pathGiven} (null clears it). */
    public record Change(String name, boolean pathGiven, String path, JsonNode settings) {
    }

    /**
     * A create's fields from its JSON, every problem at once (422 naming each field). Nothing here
     * depends on a stored project: REST checks it at the edge, for every caller alike.
     */
    public static Draft draft(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        String name = name(body.get("name"), errors);
        String path = path(body.get("path"), errors);
        JsonNode settings = settings(body.get("settings"), errors);
        Inputs.failOn(errors);
        return new Draft(name, path, settings == null ? JsonNodeFactory.instance.objectNode() : settings);
    }

    /** An update's fields from its JSON, like {@link #draft}: absent fields stay, a null path clears it, null settings are {@code {}}. */
    public static Change change(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode nameNode = body.get("name");
        String name = nameNode == null ? null : name(nameNode, errors);
        boolean pathGiven = body.has("path");
        String path = path(body.get("path"), errors);
        JsonNode settingsNode = body.get("settings");
        JsonNode settings = settingsNode == null ? null : settingsNode.isNull() ? JsonNodeFactory.instance.objectNode() : settings(settingsNode, errors);
        Inputs.failOn(errors);
        return new Change(name, pathGiven, path, settings);
    }

    /** Whether settings (a tree) and stored settings (jsonb text) are the same JSON, numbers compared by value. */
    static boolean sameSettings(JsonNode settings, String stored) {
        return JsonNumbers.sameByValue(settings, tree(stored));
    }

    private static String name(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("name", "Name is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.put("name", "Must be a string");
            return null;
        }
        String name = node.asText().strip();
        if (name.isEmpty()) {
            errors.put("name", "Name is required");
        } else if (Inputs.codePoints(name) > MAX_NAME) {
            errors.put("name", "Must be at most " + MAX_NAME + " characters");
        }
        return name;
    }

    private static String path(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.put("path", "Must be a string or null");
            return null;
        }
        String path = node.asText();
        if (Inputs.codePoints(path) > MAX_PATH) {
            errors.put("path", "Must be at most 1,024 characters");
        }
        return path;
    }

    private static JsonNode settings(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.put("settings", "Must be a JSON object");
            return null;
        }
        try {
            JsonNumbers.check(node, "settings");
        } catch (ApiException e) {
            errors.putAll(fieldMessages(e));
            return null;
        }
        if (text(node).getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
            errors.put("settings", "Must be at most 64 KiB of JSON");
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldMessages(ApiException e) {
        return (Map<String, String>) e.details();
    }

    /** The settings as stored: canonical numbers. */
    static String text(JsonNode node) {
        return JsonNumbers.canonicalText(node);
    }

    static JsonNode tree(String json) {
        try {
            return JsonNumbers.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings that are not JSON", e);
        }
    }
}
