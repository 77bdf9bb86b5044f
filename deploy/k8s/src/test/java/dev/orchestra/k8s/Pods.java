package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers over the pods the manifests describe (pod templates of Deployments). */
final class Pods {

    private Pods() {
    }

    static JsonNode spec(JsonNode deployment) {
        return deployment.at("/spec/template/spec");
    }

    static Map<String, String> labels(JsonNode deployment) {
        return strings(deployment.at("/spec/template/metadata/labels"));
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** A label selector's matchLabels (or a Service's plain selector) is a subset of these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        JsonNode match = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
        if (selector.has("matchExpressions")) {
            throw new IllegalStateException("matchExpressions are not evaluated by these tests: " + selector);
        }
        Map<String, String> wanted = strings(match);
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        spec(deployment).path("initContainers").forEach(containers::add);
        spec(deployment).path("containers").forEach(containers::add);
        return containers;
    }

    /** The container port a Service's targetPort (name or number) refers to, or -1. */
    static int containerPort(JsonNode deployment, JsonNode targetPort) {
        for (JsonNode container : spec(deployment).path("containers")) {
            for (JsonNode port : container.path("ports")) {
                if (targetPort.isInt() ? port.path("containerPort").asInt() == targetPort.asInt()
                        : port.path("name").asText().equals(targetPort.asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        return -1;
    }

    /** The volume mounted at a path in a container (its definition in the pod's volumes), or null. */
    static JsonNode volumeAt(JsonNode deployment, JsonNode container, String mountPath) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath) || mountPath.startsWith(mount.path("mountPath").asText() + "/")) {
                for (JsonNode volume : spec(deployment).path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume;
                    }
                }
            }
        }
        return null;
    }

    static List<ObjectNode> deployments(List<ObjectNode> documents) {
        return Rendered.kind(documents, "Deployment").toList();
    }
}
