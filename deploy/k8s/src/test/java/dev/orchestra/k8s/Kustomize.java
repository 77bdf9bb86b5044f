package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for exactly the features
 * deploy/k8s uses: {@code resources} (files and directories), {@code namespace}, {@code images}
 * and {@code patches} as inline JSON 6902 operations with a target. Anything else in a
 * kustomization.yaml is refused rather than ignored, so that this renderer never silently differs
 * from kustomize; where kubectl is installed, {@link RenderTest} also compares the two outputs.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "GatewayClass", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    /** The rendered documents of the kustomization in {@code dir}. */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(dir + ": no kustomization.yaml");
        }
        JsonNode kustomization = Yaml.parse(Repo.read(file), file.toString());
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(file + ": '" + field + "' is not supported by the offline renderer (Kustomize.java)");
            }
        });

        Map<String, ObjectNode> resources = new LinkedHashMap<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            List<ObjectNode> loaded = Files.isDirectory(path) ? render(path) : Yaml.documents(Repo.read(path), path.toString());
            for (ObjectNode resource : loaded) {
                String id = id(resource);
                if (resources.put(id, resource) != null) {
                    throw new IllegalStateException(dir + ": " + id + " is defined twice");
                }
            }
        }

        List<ObjectNode> out = new ArrayList<>(resources.values());
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(dir, patch, out);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode resource : out) {
                String kind = resource.path("kind").asText();
                ObjectNode metadata = (ObjectNode) resource.get("metadata");
                if (kind.equals("Namespace")) {
                    metadata.put("name", namespace);
                } else if (!CLUSTER_SCOPED.contains(kind)) {
                    metadata.put("namespace", namespace);
                }
            }
        }
        for (JsonNode image : kustomization.path("images")) {
            for (ObjectNode resource : out) {
                setImages(resource, image);
            }
        }
        return out;
    }

    /** apiVersion group, kind, namespace and name: what kustomize keys a resource by. */
    static String id(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + resource.path("kind").asText() + "/" + resource.path("metadata").path("namespace").asText("")
                + "/" + resource.path("metadata").path("name").asText();
    }

    private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> resources) {
        patch.fieldNames().forEachRemaining(field -> {
            if (!Set.of("target", "patch").contains(field)) {
                throw new IllegalStateException(dir + ": patches[]." + field + " is not supported by the offline renderer");
            }
        });
        JsonNode target = patch.path("target");
        target.fieldNames().forEachRemaining(field -> {
            if (!Set.of("group", "version", "kind", "name").contains(field)) {
                throw new IllegalStateException(dir + ": patches[].target." + field + " is not supported by the offline renderer");
            }
        });
        JsonNode operations = Yaml.parse(patch.path("patch").asText(), dir + " patch");
        if (!operations.isArray()) {
            throw new IllegalStateException(dir + ": only JSON 6902 patches (a list of operations) are supported");
        }
        int matched = 0;
        for (ObjectNode resource : resources) {
            if (matches(target, resource)) {
                matched++;
                for (JsonNode operation : operations) {
                    JsonPatch.apply(resource, operation);
                }
            }
        }
        if (matched == 0) {
            // kustomize accepts a patch that matches nothing; a patch here always means to change something.
            throw new IllegalStateException(dir + ": a patch matches no resource: " + target);
        }
    }

    private static boolean matches(JsonNode target, JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return matches(target.path("group"), group) && matches(target.path("version"), version)
                && matches(target.path("kind"), resource.path("kind").asText())
                && matches(target.path("name"), resource.path("metadata").path("name").asText());
    }

    /** kustomize reads target fields as anchored regular expressions. */
    private static boolean matches(JsonNode pattern, String value) {
        return pattern.isMissingNode() || value.matches(pattern.asText());
    }

    /** The images transformer: every container and init container whose image has this name. */
    private static void setImages(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers")) && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        if (container.hasNonNull("image")) {
                            String updated = updatedImage(container.get("image").asText(), image);
                            ((ObjectNode) container).set("image", TextNode.valueOf(updated));
                        }
                    }
                } else {
                    setImages(field.getValue(), image);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : (ArrayNode) node) {
                setImages(element, image);
            }
        }
    }

    private static String updatedImage(String current, JsonNode image) {
        int at = current.indexOf('@');
        String withoutDigest = at < 0 ? current : current.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        boolean hasTag = colon > withoutDigest.lastIndexOf('/');
        String name = hasTag ? withoutDigest.substring(0, colon) : withoutDigest;
        if (!name.equals(image.path("name").asText())) {
            return current;
        }
        String suffix = at >= 0 ? current.substring(at) : hasTag ? withoutDigest.substring(colon) : "";
        String newName = image.hasNonNull("newName") ? image.get("newName").asText() : name;
        if (image.hasNonNull("digest")) {
            suffix = "@" + image.get("digest").asText();
        } else if (image.hasNonNull("newTag")) {
            suffix = ":" + image.get("newTag").asText();
        }
        return newName + suffix;
    }
}
