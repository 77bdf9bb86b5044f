package dev.orchestra.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public operations of every service, read from each service's own {@code /q/openapi} at test
 * time: a route added to a service joins the hostile and ownership suites without a line here.
 * Public means what the gateway routes: {@code /api/…}, {@code /auth/…} and {@code /webhooks/…}
 * ({@code /.well-known/jwks.json} is public too, but holds no user's state and takes no input).
 */
final class PublicRoutes {

    /** Each service's own address on the local stack (the suite calls services directly, see HostileInputPropertiesTest). */
    static final Map<String, URI> SERVICES = services();

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation: which service answers it, its method and path template, whether it takes a body. */
    record Route(String service, URI base, String method, String template, boolean takesBody, List<String> pathParameters,
                 List<String> queryParameters, List<String> bodyFields) {

        boolean writes() {
            return WRITES.contains(method);
        }

        String path(Map<String, String> values) {
            String path = template;
            for (String parameter : pathParameters) {
                String value = values.get(parameter);
                if (value == null) {
                    throw new AssertionError("no value for {" + parameter + "} of " + this);
                }
                path = path.replace("{" + parameter + "}", value);
            }
            return path;
        }

        @Override
        public String toString() {
            return method + " " + template + " (" + service + ")";
        }
    }

    private PublicRoutes() {
    }

    static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, URI> service : SERVICES.entrySet()) {
            Http.Answer answer = Http.send(service.getValue(), "GET", "/q/openapi?format=json", null, null);
            if (answer.status() != 200) {
                throw new AssertionError(service.getKey() + " answered " + answer.status() + " for its OpenAPI document");
            }
            JsonNode document = read(answer.body());
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!isPublic(path.getKey())) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        continue;
                    }
                    List<String> parameters = new ArrayList<>();
                    List<String> query = new ArrayList<>();
                    for (JsonNode parameter : operation.getValue().path("parameters")) {
                        if ("path".equals(parameter.path("in").asText())) {
                            parameters.add(parameter.path("name").asText());
                        } else if ("query".equals(parameter.path("in").asText())) {
                            query.add(parameter.path("name").asText());
                        }
                    }
                    JsonNode requestBody = operation.getValue().path("requestBody");
                    routes.add(new Route(service.getKey(), service.getValue(), method, path.getKey(), !requestBody.isMissingNode(),
                            parameters, query, bodyFields(document, requestBody)));
                }
            }
        }
        return routes;
    }

    /**
     * What a user can read of their own state: every GET route except the views other services
     * derive from events in their own time (the engine's indexing progress, the extension check),
     * which move without any request of the user's.
     */
    static List<Route> stateReads(List<Route> routes) {
        return routes.stream().filter(route -> route.method().equals("GET"))
                .filter(route -> !route.template().startsWith("/api/v1/engine/") && !route.template().startsWith("/api/v1/extensions"))
                .toList();
    }

    static boolean isPublic(String path) {
        return path.startsWith("/api/") || path.startsWith("/auth/") || path.startsWith("/webhooks/");
    }

    /** The property names of a request body's JSON schema, following one {@code $ref}; empty when untyped. */
    private static List<String> bodyFields(JsonNode document, JsonNode requestBody) {
        JsonNode schema = requestBody.path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            schema = document.path("components").path("schemas").path(name);
        }
        List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("an OpenAPI document that is not JSON", e);
        }
    }

    private static Map<String, URI> services() {
        Map<String, URI> services = new LinkedHashMap<>();
        String[] names = {"auth-service", "project-service", "sync-service", "billing-service", "notification-service", "engine-gateway"};
        for (int i = 0; i < names.length; i++) {
            String variable = "ORCHESTRA_" + names[i].toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
            services.put(names[i], URI.create(System.getenv().getOrDefault(variable, "http://127.0.0.1:" + (8081 + i))));
        }
        return services;
    }
}
