package dev.orchestra.publicapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the one public API document from the services' own: the operations the gateway routes to
 * the service that documents them (nothing under {@code /q}, nothing another service answers), their
 * schemas, and the answers the gateway gives itself on the way.
 *
 * <p>Schema names are shared: a name that every service defines the same way is kept once (the
 * error envelope, {@code ApiError}, must be: it is one schema for the whole API); a name two services
 * define differently is given to each as {@code <Service><Name>} (Sync's {@code Project} becomes
 * {@code SyncProject}, say), with its references rewritten. Operation ids and security schemes must
 * not clash: the build fails if they do.
 */
final class PublicApiMerger {

    /** A service's stored document, the upstream the gateway knows it by, and the prefix for its clashing names. */
    record ServiceDocument(String service, String upstream, String prefix, JsonNode document) {
    }

    /** The merged document, and the operations left out (documented by a service, not public through the gateway). */
    record Result(ObjectNode document, List<String> leftOut) {
    }

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final Set<String> ONE_FOR_ALL = Set.of("ApiError");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GatewayRoutes routes;
    private final String version;

    PublicApiMerger(GatewayRoutes routes, String version) {
        this.routes = routes;
        this.version = version;
    }

    Result merge(List<ServiceDocument> services) {
        Map<String, String> renamed = clashingSchemaNames(services);
        ObjectNode paths = JSON.objectNode();
        ObjectNode schemas = JSON.objectNode();
        ObjectNode securitySchemes = JSON.objectNode();
        Map<String, JsonNode> tags = new LinkedHashMap<>();
        Map<String, String> operationIds = new TreeMap<>();
        List<String> leftOut = new ArrayList<>();
        Map<String, ObjectNode> collected = new TreeMap<>();

        for (ServiceDocument service : services) {
            JsonNode document = renameSchemas(service, renamed);
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                Optional<GatewayRoutes.Route> route = routes.route(samplePath(path.getKey()));
                ObjectNode kept = JSON.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = ops.next();
                    if (!METHODS.contains(entry.getKey())) {
                        kept.set(entry.getKey(), entry.getValue().deepCopy());
                        continue;
                    }
                    String name = entry.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                    if (route.isEmpty() || !route.get().upstream().equals(service.upstream())) {
                        leftOut.add(name + " (" + service.service() + ": " + route.map(r -> "routed to " + r.upstream())
                                .orElse("not routed by the gateway") + ")");
                        continue;
                    }
                    ObjectNode operation = entry.getValue().deepCopy();
                    String id = operation.path("operationId").asText(null);
                    if (id == null) {
                        throw new IllegalStateException(name + " of " + service.service() + " has no operationId");
                    }
                    String earlier = operationIds.putIfAbsent(id, service.service() + " " + name);
                    if (earlier != null) {
                        throw new IllegalStateException("operationId " + id + " is used by " + earlier + " and by "
                                + service.service() + " " + name);
                    }
                    GatewayAnswers.addTo(operation, route.get());
                    kept.set(entry.getKey(), operation);
                }
                if (kept.fieldNames().hasNext() && hasOperation(kept)) {
                    ObjectNode existing = collected.get(path.getKey());
                    if (existing != null) {
                        throw new IllegalStateException(path.getKey() + " is documented by two services");
                    }
                    collected.put(path.getKey(), kept);
                }
            }
            document.path("components").path("schemas").fields()
                    .forEachRemaining(schema -> schemas.set(schema.getKey(), schema.getValue()));
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("securitySchemes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> scheme = it.next();
                JsonNode earlier = securitySchemes.get(scheme.getKey());
                if (earlier != null && !earlier.equals(scheme.getValue())) {
                    throw new IllegalStateException("security scheme " + scheme.getKey() + " differs between services");
                }
                securitySchemes.set(scheme.getKey(), scheme.getValue());
            }
            document.path("tags").forEach(tag -> tags.putIfAbsent(tag.path("name").asText(), tag));
        }
        collected.forEach(paths::set);

        ObjectNode merged = JSON.objectNode();
        merged.put("openapi", "3.0.3");
        merged.set("info", info());
        merged.set("servers", JSON.arrayNode().add(JSON.objectNode().put("url", "/")
                .put("description", "The gateway that serves this document")));
        Set<String> usedTags = usedTags(paths);
        merged.set("tags", JSON.arrayNode().addAll(tags.entrySet().stream().filter(tag -> usedTags.contains(tag.getKey()))
                .map(Map.Entry::getValue).toList()));
        merged.set("paths", paths);
        ObjectNode components = merged.putObject("components");
        components.set("schemas", reachable(paths, schemas));
        if (!securitySchemes.isEmpty()) {
            components.set("securitySchemes", securitySchemes);
        }
        checkReferences(merged);
        return new Result(merged, leftOut);
    }

    /** Names defined differently by two services: each such service's definition gets its prefix. */
    private static Map<String, String> clashingSchemaNames(List<ServiceDocument> services) {
        Map<String, Map<String, JsonNode>> byName = new TreeMap<>();
        for (ServiceDocument service : services) {
            service.document().path("components").path("schemas").fields().forEachRemaining(schema ->
                    byName.computeIfAbsent(schema.getKey(), name -> new LinkedHashMap<>()).put(service.service(), schema.getValue()));
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, JsonNode>> name : byName.entrySet()) {
            if (new LinkedHashSet<>(name.getValue().values()).size() <= 1) {
                continue;
            }
            if (ONE_FOR_ALL.contains(name.getKey())) {
                throw new IllegalStateException(name.getKey() + " must be one schema for the whole API, but "
                        + name.getValue().keySet() + " define it differently");
            }
            for (ServiceDocument service : services) {
                if (name.getValue().containsKey(service.service())) {
                    renamed.put(service.service() + "/" + name.getKey(), service.prefix() + name.getKey());
                }
            }
        }
        return renamed;
    }

    private static JsonNode renameSchemas(ServiceDocument service, Map<String, String> renamed) {
        JsonNode copy = service.document().deepCopy();
        JsonNode schemas = copy.path("components").path("schemas");
        if (schemas instanceof ObjectNode own) {
            ObjectNode renamedSchemas = JSON.objectNode();
            own.fields().forEachRemaining(schema -> renamedSchemas.set(
                    renamed.getOrDefault(service.service() + "/" + schema.getKey(), schema.getKey()), schema.getValue()));
            ((ObjectNode) copy.path("components")).set("schemas", renamedSchemas);
        }
        rewriteReferences(copy, service.service(), renamed);
        return copy;
    }

    private static void rewriteReferences(JsonNode node, String service, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMAS)) {
                String name = ref.asText().substring(SCHEMAS.length());
                String target = renamed.get(service + "/" + name);
                if (target != null) {
                    object.set("$ref", TextNode.valueOf(SCHEMAS + target));
                }
            }
            object.elements().forEachRemaining(child -> rewriteReferences(child, service, renamed));
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(child -> rewriteReferences(child, service, renamed));
        }
    }

    /** The schemas the kept operations use, directly or through other schemas. */
    private static ObjectNode reachable(JsonNode paths, ObjectNode schemas) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<JsonNode> work = new ArrayDeque<>(List.of(paths));
        while (!work.isEmpty()) {
            JsonNode node = work.pop();
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMAS)) {
                String name = ref.asText().substring(SCHEMAS.length());
                if (seen.add(name) && schemas.has(name)) {
                    work.push(schemas.get(name));
                }
            }
            node.elements().forEachRemaining(work::push);
        }
        ObjectNode kept = JSON.objectNode();
        new java.util.TreeSet<>(seen).forEach(name -> {
            if (schemas.has(name)) {
                kept.set(name, schemas.get(name));
            }
        });
        return kept;
    }

    private static void checkReferences(ObjectNode merged) {
        JsonNode schemas = merged.path("components").path("schemas");
        Deque<JsonNode> work = new ArrayDeque<>(List.of(merged));
        while (!work.isEmpty()) {
            JsonNode node = work.pop();
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = ref.asText();
                if (!target.startsWith(SCHEMAS) || !schemas.has(target.substring(SCHEMAS.length()))) {
                    throw new IllegalStateException("a reference to nothing in the merged document: " + target);
                }
            }
            node.elements().forEachRemaining(work::push);
        }
    }

    private static boolean hasOperation(JsonNode pathItem) {
        for (Iterator<String> names = pathItem.fieldNames(); names.hasNext(); ) {
            if (METHODS.contains(names.next())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> usedTags(JsonNode paths) {
        Set<String> used = new LinkedHashSet<>();
        paths.elements().forEachRemaining(item -> item.fields().forEachRemaining(op -> op.getValue().path("tags")
                .forEach(tag -> used.add(tag.asText()))));
        return used;
    }

    /** A concrete path for the routing table: each {parameter} filled with a plain segment. */
    static String samplePath(String template) {
        return template.replaceAll("\\{[^/}]+}", "p1");
    }

    private ObjectNode info() {
        ObjectNode info = JSON.objectNode();
        info.put("title", "Orchestra public API");
        info.put("version", version);
        info.put("description", """
                Every public route of Orchestra, as the gateway serves it: made at build time from each service's own \
                document, so it cannot drift from the code.

                Sign up with `POST /auth/register`, sign in with `POST /auth/login`, and send the access token as \
                `Authorization: Bearer <token>`. Answers carry their payload in `data` (lists add `meta.next_cursor`); \
                every error, from a service or from the gateway, is the `ApiError` envelope \
                `{"error": code, "message": text, "details": {...}}`, whose code follows from the status. \
                Live changes arrive on the WebSocket `/ws` (not an HTTP operation, so not listed here).""");
        return info;
    }
}
