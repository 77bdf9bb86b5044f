package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 add, replace and remove, as kustomize applies them (the overlays use nothing else). */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode document, JsonNode operation) {
        String op = operation.path("op").asText();
        List<String> path = pointer(operation.path("path").asText());
        JsonNode parent = document;
        for (String token : path.subList(0, path.size() - 1)) {
            parent = child(parent, token, operation);
        }
        String last = path.get(path.size() - 1);
        JsonNode value = operation.get("value");
        switch (op) {
            case "add" -> {
                if (parent instanceof ObjectNode object) {
                    object.set(last, value.deepCopy());
                } else if (parent instanceof ArrayNode array) {
                    if (last.equals("-")) {
                        array.add(value.deepCopy());
                    } else {
                        array.insert(index(array, last, true, operation), value.deepCopy());
                    }
                } else {
                    throw fail(operation, "no container at the path");
                }
            }
            case "replace" -> {
                if (parent instanceof ObjectNode object && object.has(last)) {
                    object.set(last, value.deepCopy());
                } else if (parent instanceof ArrayNode array) {
                    array.set(index(array, last, false, operation), value.deepCopy());
                } else {
                    throw fail(operation, "nothing to replace at the path");
                }
            }
            case "remove" -> {
                if (parent instanceof ObjectNode object && object.has(last)) {
                    object.remove(last);
                } else if (parent instanceof ArrayNode array) {
                    array.remove(index(array, last, false, operation));
                } else {
                    throw fail(operation, "nothing to remove at the path");
                }
            }
            default -> throw fail(operation, "operation not supported by the offline renderer");
        }
    }

    private static JsonNode child(JsonNode parent, String token, JsonNode operation) {
        JsonNode child = parent.isArray() ? parent.get(index((ArrayNode) parent, token, false, operation)) : parent.get(token);
        if (child == null) {
            throw fail(operation, "no '" + token + "' on the path");
        }
        return child;
    }

    private static int index(ArrayNode array, String token, boolean forAdd, JsonNode operation) {
        int i = Integer.parseInt(token);
        if (i < 0 || i > array.size() || (!forAdd && i == array.size())) {
            throw fail(operation, "index " + i + " out of range");
        }
        return i;
    }

    private static List<String> pointer(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static IllegalStateException fail(JsonNode operation, String why) {
        return new IllegalStateException("patch " + operation + ": " + why);
    }
}
