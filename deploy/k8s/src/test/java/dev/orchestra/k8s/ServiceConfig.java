package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's configuration as its %prod profile sees it on Kubernetes: the platform's shared
 * defaults (META-INF/microprofile-config.properties), the service's application.properties over
 * them, and the container's environment (ConfigMap, values, Secret and field references) over both,
 * with SmallRye Config's expressions ({@code ${name}}, {@code ${name:default}}) expanded and its
 * environment-name matching (a key is set by its name upper-cased, every other character '_').
 */
final class ServiceConfig {

    /** A value known only on the cluster: a Secret's key. */
    static final String SECRET = "\u0000secret\u0000";
    /** A value that differs per pod (a field reference such as the pod's name, or Quarkus's quarkus.uuid). */
    static final String PER_POD = "\u0000per-pod\u0000";

    private final String service;
    /** Key to value per source, later sources winning: platform, then service. */
    private final List<Properties> sources;
    private final Map<String, String> env;

    private ServiceConfig(String service, List<Properties> sources, Map<String, String> env) {
        this.service = service;
        this.sources = sources;
        this.env = env;
    }

    /** The service's configuration with no environment at all (as a plain {@code java -jar} sees it). */
    static ServiceConfig ofFiles(String service) {
        return new ServiceConfig(service, List.of(
                load(Repo.read(Repo.ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"))),
                load(Repo.read(Repo.ROOT.resolve(service).resolve("src/main/resources/application.properties")))), Map.of());
    }

    /** The service's configuration in the pod of this Deployment, whose envFrom ConfigMaps are among {@code documents}. */
    static ServiceConfig inPod(String service, List<ObjectNode> documents) {
        ObjectNode deployment = Rendered.one(documents, "Deployment", service);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText();
            Rendered.one(documents, "ConfigMap", name).path("data").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : container.path("env")) {
            String value;
            if (variable.has("value")) {
                value = variable.get("value").asText();
            } else if (variable.at("/valueFrom/secretKeyRef").isObject()) {
                value = SECRET;
            } else if (variable.at("/valueFrom/fieldRef").isObject()) {
                value = PER_POD;
            } else {
                value = variable.at("/valueFrom/configMapKeyRef").isObject() ? "(config map key)" : null;
            }
            env.put(variable.path("name").asText(), value);
        }
        ServiceConfig files = ofFiles(service);
        return new ServiceConfig(service, files.sources, env);
    }

    String service() {
        return service;
    }

    Map<String, String> env() {
        return env;
    }

    /** Every key named in the files, without its profile. */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (Properties source : sources) {
            for (String key : source.stringPropertyNames()) {
                keys.add(withoutProfile(key));
            }
        }
        return keys;
    }

    /** Whether a file gives this key a value in the given profile ("dev", "test"), not counting the profile-less value. */
    boolean hasProfileValue(String key, String profile) {
        for (Properties source : sources) {
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("%") && withoutProfile(name).equals(key)
                        && List.of(name.substring(1, name.indexOf('.')).split(",")).contains(profile)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The raw %prod expression of a key in the files (the service's file over the platform's), if any. */
    Optional<String> rawProd(String key) {
        for (int i = sources.size() - 1; i >= 0; i--) {
            Properties source = sources.get(i);
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("%") && withoutProfile(name).equals(key)
                        && List.of(name.substring(1, name.indexOf('.')).split(",")).contains("prod")) {
                    return Optional.of(source.getProperty(name));
                }
            }
        }
        for (int i = sources.size() - 1; i >= 0; i--) {
            if (sources.get(i).containsKey(key)) {
                return Optional.of(sources.get(i).getProperty(key));
            }
        }
        return Optional.empty();
    }

    /**
     * The key's value in the pod, expanded; empty when it has none (SmallRye treats an empty value
     * as none). A %prod entry in a file wins over the environment's value for the plain key (it is
     * looked up first); otherwise the environment wins over the files.
     */
    Optional<String> value(String key) {
        return lookup(key, 0);
    }

    private Optional<String> lookup(String key, int depth) {
        if (depth > 20) {
            throw new IllegalStateException(service + ": expressions nest too deep at " + key);
        }
        if (key.equals("quarkus.uuid")) {
            return Optional.of(PER_POD);
        }
        boolean prodEntry = hasProfileValue(key, "prod");
        if (!prodEntry) {
            String fromEnv = env.containsKey(key) ? env.get(key) : env.get(envName(key));
            if (fromEnv != null) {
                return fromEnv.isEmpty() ? Optional.empty() : Optional.of(fromEnv);
            }
        }
        Optional<String> raw = rawProd(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String expanded = expand(raw.get(), depth);
        return expanded == null || expanded.isEmpty() ? Optional.empty() : Optional.of(expanded);
    }

    /** The expansion of an expression, or null when some ${name} without default has no value. */
    String expand(String expression, int depth) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < expression.length()) {
            if (expression.startsWith("$${", i)) {
                int end = matching(expression, i + 2);
                out.append(expression, i + 1, end + 1);
                i = end + 1;
            } else if (expression.startsWith("${", i)) {
                int end = matching(expression, i + 1);
                String inner = expression.substring(i + 2, end);
                int colon = topLevelColon(inner);
                String name = colon < 0 ? inner : inner.substring(0, colon);
                Optional<String> value = lookup(name, depth + 1);
                if (value.isPresent()) {
                    out.append(value.get());
                } else if (colon >= 0) {
                    String fallback = expand(inner.substring(colon + 1), depth + 1);
                    if (fallback == null) {
                        return null;
                    }
                    out.append(fallback);
                } else {
                    return null;
                }
                i = end + 1;
            } else {
                out.append(expression.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The names a raw expression asks the environment for: each ${NAME} with no default that is not itself a key. */
    Set<String> namesWithoutDefault(String expression) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        while ((i = expression.indexOf("${", i)) >= 0) {
            int end = matching(expression, i + 1);
            String inner = expression.substring(i + 2, end);
            if (topLevelColon(inner) < 0) {
                names.add(inner);
            }
            i = end + 1;
        }
        return names;
    }

    private static int matching(String text, int openBrace) {
        int depth = 0;
        for (int i = openBrace; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced expression: " + text);
    }

    private static int topLevelColon(String inner) {
        int depth = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** SmallRye Config's environment name of a key: every character but letters and digits becomes '_', upper-cased. */
    static String envName(String key) {
        StringBuilder name = new StringBuilder();
        for (char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    private static Properties load(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
