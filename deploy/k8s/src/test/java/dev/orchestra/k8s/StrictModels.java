package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every kind deploy/k8s renders, bound to a typed model: core kinds and the Gateway API through
 * fabric8's, Strimzi's through io.strimzi:api, CloudNativePG's through {@link CloudNativePg}.
 *
 * <p>fabric8's and Strimzi's models are lenient: an unknown field lands in a bean's
 * {@code additionalProperties} instead of failing. So a document is strict here when (1) it binds
 * with unknown properties and scalar coercion refused, (2) no bean anywhere in the bound object
 * kept an additional property, and (3) writing the object back gives every field of the input
 * with its value (nothing dropped or reinterpreted).
 */
final class StrictModels {

    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CloudNativePg.Cluster.class),
            Map.entry("postgresql.cnpg.io/v1/Database", CloudNativePg.Database.class));

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModels() {
    }

    /** What is wrong with one rendered document; empty when it is valid. */
    static List<String> problems(ObjectNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<?> type = KINDS.get(key);
        if (type == null) {
            return List.of("no strict model for " + key + " (add one to StrictModels)");
        }
        Object bound;
        try {
            bound = MAPPER.treeToValue(document, type);
        } catch (Exception e) {
            return List.of("does not bind to " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        String apiVersion = document.path("apiVersion").asText();
        String strimziVersion = apiVersion.startsWith("kafka.strimzi.io/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : null;
        unknownFields(bound, "", strimziVersion, problems, new IdentityHashMap<>());
        ObjectNode written = MAPPER.valueToTree(bound);
        // The kind and apiVersion chose the model; Strimzi's writes its storage version back.
        ObjectNode input = document.deepCopy();
        input.remove("apiVersion");
        notKept(input, written, "", problems);
        return problems;
    }

    /**
     * Additional properties anywhere in a bound model: a field the schema does not have; and for
     * Strimzi's models, a property set that is not in the document's API version.
     */
    private static void unknownFields(Object value, String path, String strimziVersion, List<String> problems,
                                      IdentityHashMap<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, strimziVersion, problems, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + i++ + "]", strimziVersion, problems, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi") && !pkg.startsWith("dev.orchestra")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class || method.getReturnType().isPrimitive()) {
                continue;
            }
            String name = method.getName();
            boolean accessor = name.startsWith("get") || (value instanceof Record && isRecordComponent(value, name));
            if (!accessor || name.equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties") && child instanceof Map<?, ?> extra) {
                if (!extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "the top" : path));
                }
                continue;
            }
            if (strimziVersion != null && pkg.startsWith("io.strimzi") && isSet(child)
                    && !StrimziVersions.present(value.getClass(), name, strimziVersion)) {
                problems.add(path + "." + property(name) + " is not in kafka.strimzi.io/" + strimziVersion);
            }
            if (strimziVersion != null && child != null && child.getClass().getPackageName().startsWith("io.strimzi")
                    && !StrimziVersions.present(child.getClass(), "(class)", strimziVersion)) {
                problems.add(path + "." + property(name) + " (" + child.getClass().getSimpleName() + ") is not in kafka.strimzi.io/"
                        + strimziVersion);
            }
            unknownFields(child, path + "." + property(name), strimziVersion, problems, seen);
        }
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static boolean isRecordComponent(Object record, String name) {
        for (var component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String property(String accessor) {
        if (accessor.startsWith("get") && accessor.length() > 3) {
            return Character.toLowerCase(accessor.charAt(3)) + accessor.substring(4);
        }
        return accessor;
    }

    /** Every field of the input is in the model's own writing of it, with the same value. */
    private static void notKept(JsonNode input, JsonNode written, String path, List<String> problems) {
        if (input.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = written == null ? null : written.get(field.getKey());
                if (other == null && isDefault(field.getValue())) {
                    // A model leaves out a property at its default (false, 0): unknown ones are caught above.
                    continue;
                }
                if (other == null || other.isNull() && !field.getValue().isNull()) {
                    problems.add("field " + path + "." + field.getKey() + " is not in the model");
                } else {
                    notKept(field.getValue(), other, path + "." + field.getKey(), problems);
                }
            }
        } else if (input.isArray()) {
            if (written == null || !written.isArray() || written.size() != input.size()) {
                problems.add("list " + path + " is not kept by the model");
                return;
            }
            for (int i = 0; i < input.size(); i++) {
                notKept(input.get(i), written.get(i), path + "[" + i + "]", problems);
            }
        } else if (!sameScalar(input, written)) {
            problems.add(path + ": " + input + " became " + written);
        }
    }

    private static boolean isDefault(JsonNode value) {
        return value.isBoolean() && !value.booleanValue() || value.isNumber() && value.decimalValue().signum() == 0;
    }

    private static boolean sameScalar(JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return true;
        }
        if (b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        // Quantities and int-or-string values write back as text ("2" for 2, "100m" unchanged).
        return b != null && a.isNumber() && b.isTextual() && a.asText().equals(b.asText());
    }

    static Set<String> kinds() {
        return KINDS.keySet();
    }
}
