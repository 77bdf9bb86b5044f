package dev.orchestra.project.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.orchestra.project.domain.Project;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A project's fields as a write gives them (issue 5): {@code name} 1–255 characters after
 * trimming, {@code path} at most 1,024 characters or null, {@code settings} a JSON object of at
 * most 64 KiB. Unknown fields are ignored, as everywhere in the API.
 *
 * <p>Settings keep their numbers exactly: they are read as {@link BigDecimal} (this service's
 * ObjectMapper reads bodies so, platform's {@code JsonConventions}), written out in full (never with an
 * exponent, so the 64 KiB are measured on what is stored — jsonb writes numbers out in full too)
 * and compared by value ({@code 1e2} is {@code 100}, {@code 1.10} is {@code 1.1}), so an identical
 * repeated create is recognised whatever the notation. A number must be finite for every reader
 * of the settings — at most the largest double (±1.8e308, beyond which a JSON reader using doubles
 * gets Infinity) and at most 9,999 digits after the point — else 422 {@code details.settings}.
 */
final class ProjectInput {

    static final int MAX_NAME = 255;
    static final int MAX_PATH = 1024;
    static final int MAX_SETTINGS_BYTES = 64 * 1024;
    static final int MAX_DECIMALS = 9_999;
    static final String NOT_FINITE = "Numbers must be finite: at most ±1.8e308 and 9,999 decimal places";
    private static final BigDecimal LARGEST = new BigDecimal(Double.MAX_VALUE);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** Numbers by value, everything else as Jackson compares it (objects: the same keys in any order). */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private ProjectInput() {
    }

    /** A create: name required, path and settings optional ({@code {}} when absent or null). */
    record Draft(String name, String path, JsonNode settings) {
        String settingsText() {
            return text(settings);
        }

        /** Whether the project already holds exactly this (a repeated create). */
        boolean sameAs(Project project) {
            return name.equals(project.name()) && Objects.equals(path, project.path()) && sameSettings(settings, project.settings());
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

    /** Whether settings (a tree) and stored settings (jsonb text) are the same JSON, numbers compared by value. */
    static boolean sameSettings(JsonNode settings, String stored) {
        return settings.equals(BY_VALUE, tree(stored));
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
        if (!finite(node)) {
            errors.put("settings", NOT_FINITE);
            return null;
        }
        if (text(node).getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
            errors.put("settings", "Must be at most 64 KiB of JSON");
        }
        return node;
    }

    /** Every number in the tree finite in the sense above. */
    private static boolean finite(JsonNode node) {
        if (node.isNumber()) {
            if (node.isDouble() || node.isFloat()) {
                if (!Double.isFinite(node.doubleValue())) {
                    return false;
                }
            }
            BigDecimal value = node.decimalValue();
            return value.abs().compareTo(LARGEST) <= 0 && value.scale() <= MAX_DECIMALS;
        }
        if (node.isContainerNode()) {
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                if (!finite(children.next())) {
                    return false;
                }
            }
        }
        return true;
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
