package dev.orchestra.project.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.project.domain.Project;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's fields as a write gives them (issue 5): {@code name} 1–255 characters after
 * trimming, {@code path} at most 1,024 characters or null, {@code settings} a JSON object of at
 * most 64 KiB. Unknown fields are ignored, as everywhere in the API.
 */
final class ProjectInput {

    static final int MAX_NAME = 255;
    static final int MAX_PATH = 1024;
    static final int MAX_SETTINGS_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectInput() {
    }

    /** A create: name required, path and settings optional ({@code {}} when absent or null). */
    record Draft(String name, String path, JsonNode settings) {
        String settingsText() {
            return text(settings);
        }

        /** Whether the project already holds exactly this (a repeated create). */
        boolean sameAs(Project project) {
            return name.equals(project.name()) && java.util.Objects.equals(path, project.path())
                    && settings.equals(tree(project.settings()));
        }
    }

    /** An update: name and settings null when absent; path applies only when {@code pathGiven} (null clears it). */
    record Change(String name, boolean pathGiven, String path, JsonNode settings) {
    }

    static Draft draft(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        String name = name(body.get("name"), errors);
        String path = path(body.get("path"), errors);
        JsonNode settings = settings(body.get("settings"), errors);
        Inputs.failOn(errors);
        return new Draft(name, path, settings == null ? JSON.createObjectNode() : settings);
    }

    static Change change(JsonNode data) {
        JsonNode body = Inputs.object(data);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode nameNode = body.get("name");
        String name = nameNode == null ? null : name(nameNode, errors);
        boolean pathGiven = body.has("path");
        String path = path(body.get("path"), errors);
        JsonNode settingsNode = body.get("settings");
        JsonNode settings = settingsNode == null ? null : settingsNode.isNull() ? JSON.createObjectNode() : settings(settingsNode, errors);
        Inputs.failOn(errors);
        return new Change(name, pathGiven, path, settings);
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
        if (text(node).getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
            errors.put("settings", "Must be at most 64 KiB of JSON");
        }
        return node;
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that does not serialise", e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings that are not JSON", e);
        }
    }
}
