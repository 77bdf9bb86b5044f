package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Each kustomization rendered once per test run (by {@link Kustomize}), and ways to look into the result. */
final class Rendered {

    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    /** The documents of one kustomization, "." for everything; treat them as read-only. */
    static List<ObjectNode> of(String kustomization) {
        return CACHE.computeIfAbsent(kustomization, k -> List.copyOf(Kustomize.render(Repo.k8s(k))));
    }

    static Stream<ObjectNode> kind(List<ObjectNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind));
    }

    static ObjectNode one(List<ObjectNode> documents, String kind, String name) {
        return kind(documents, kind).filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    /** The overlays and the whole: what gets applied to a cluster. */
    static final List<String> DEPLOYABLE_WHOLES = List.of(".", "overlays/dev", "overlays/prod");
}
