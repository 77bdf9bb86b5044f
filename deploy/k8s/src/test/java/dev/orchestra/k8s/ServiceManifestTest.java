package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service deploys on its own, is wired to what it needs, and is configured completely. */
class ServiceManifestTest {

    /**
     * Keys whose %prod value may stay empty: the code reads them as optional. A new key without a
     * production value fails the configuration test until it is set in the service's ConfigMap or
     * a Secret reference, or named here with the reason.
     */
    static final Map<String, String> OPTIONAL = Map.of(
            "orchestra.auth.admin-emails", "no admin accounts unless listed (Optional<List<String>>)",
            "orchestra.billing.stripe.api-base", "empty means api.stripe.com",
            "orchestra.kafka.prefix", "no topic prefix outside module tests");

    static Stream<String> services() {
        return Repo.SERVICES.stream();
    }

    @ParameterizedTest
    @MethodSource("services")
    void deploysOnItsOwn(String service) {
        List<ObjectNode> documents = Rendered.of(service);
        Set<String> kinds = documents.stream().map(d -> d.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).containsExactlyInAnyOrder("Deployment", "Service", "ServiceAccount", "ConfigMap",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "KafkaUser");
        assertThat(documents).allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("orchestra"));
        JsonNode kustomization = Yaml.parse(Repo.read(Repo.k8s(service + "/kustomization.yaml")), service);
        assertThat(kustomization.path("images").findValuesAsText("name")).as("its image is named through images:")
                .contains("orchestra/" + service);
    }

    /** The autoscaler owns the replica count: a Deployment that sets one is scaled back by every apply. */
    @ParameterizedTest
    @MethodSource("services")
    void theAutoscalerOwnsTheReplicaCount(String service) {
        for (String kustomization : List.of(service, "overlays/dev", "overlays/prod")) {
            ObjectNode deployment = Rendered.one(Rendered.of(kustomization), "Deployment", service);
            assertThat(deployment.has("spec") && deployment.get("spec").has("replicas")).as("%s in %s sets replicas", service, kustomization)
                    .isFalse();
            assertThat(Rendered.one(Rendered.of(kustomization), "HorizontalPodAutoscaler", service).at("/spec/minReplicas").asInt())
                    .isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void selectorsAndPortsMatchThePods(String service) {
        List<ObjectNode> documents = Rendered.of(service);
        ObjectNode deployment = Rendered.one(documents, "Deployment", service);
        Map<String, String> labels = Pods.labels(deployment);
        JsonNode svc = Rendered.one(documents, "Service", service);
        assertThat(Pods.selects(svc.at("/spec/selector"), labels)).as("Service selects the pods").isTrue();
        for (JsonNode port : svc.at("/spec/ports")) {
            assertThat(Pods.containerPort(deployment, port.path("targetPort"))).as("targetPort %s is a container port", port)
                    .isPositive();
        }
        assertThat(Pods.selects(Rendered.one(documents, "PodDisruptionBudget", service).at("/spec/selector"), labels)).isTrue();
        JsonNode target = Rendered.one(documents, "HorizontalPodAutoscaler", service).at("/spec/scaleTargetRef");
        assertThat(target.path("kind").asText() + "/" + target.path("name").asText()).isEqualTo("Deployment/" + service);
        assertThat(Rendered.kind(documents, "NetworkPolicy"))
                .allSatisfy(policy -> assertThat(Pods.selects(policy.at("/spec/podSelector"), labels)).as(Rendered.name(policy)).isTrue());
        for (JsonNode from : deployment.at("/spec/template/spec/containers/0/envFrom")) {
            Rendered.one(documents, "ConfigMap", from.at("/configMapRef/name").asText());
        }
    }

    /** Secrets are created by the operator (README), never by these manifests, and secret values never sit in a ConfigMap or a value. */
    @Test
    void secretsAreOnlyReferenced() {
        Pattern secretish = Pattern.compile("PASSWORD|SECRET|JAAS|API_KEY|REFRESH|TOKEN|PRIVATE");
        List<String> problems = new ArrayList<>();
        for (String kustomization : Repo.KUSTOMIZATIONS) {
            for (ObjectNode document : Rendered.of(kustomization)) {
                String id = kustomization + ": " + Kustomize.id(document);
                if (document.path("kind").asText().equals("Secret")) {
                    problems.add(id + " defines a Secret");
                }
                if (document.path("kind").asText().equals("ConfigMap")) {
                    document.path("data").fieldNames().forEachRemaining(key -> {
                        if (secretish.matcher(key.toUpperCase()).find()) {
                            problems.add(id + " holds " + key);
                        }
                    });
                }
                for (JsonNode env : document.findValues("env")) {
                    for (JsonNode variable : env) {
                        if (secretish.matcher(variable.path("name").asText()).find() && variable.has("value")) {
                            problems.add(id + " sets " + variable.path("name").asText() + " to a literal value");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Every Secret the manifests reference is one the README tells the operator to create (or one an operator makes). */
    @Test
    void everyReferencedSecretIsDocumented() {
        String readme = Repo.read(Repo.k8s("README.md"));
        Set<String> secrets = new TreeSet<>();
        for (ObjectNode document : Rendered.of("overlays/dev")) {
            document.findValues("secretKeyRef").forEach(ref -> secrets.add(ref.path("name").asText()));
            document.findValues("secret").forEach(ref -> secrets.add(ref.path("secretName").asText()));
            document.findValues("passwordSecret").forEach(ref -> secrets.add(ref.path("name").asText()));
            document.findValues("certificateRefs").forEach(refs -> refs.forEach(ref -> secrets.add(ref.path("name").asText())));
        }
        secrets.remove("");
        assertThat(secrets).allSatisfy(secret -> assertThat(readme).as("README names the Secret %s", secret).contains("`" + secret + "`"));
    }

    /**
     * Every setting a service needs in production is given: a %prod value without a default, a
     * setting that only dev and test profiles give a value (the database password), and any other
     * that would be empty, must come from the ConfigMap or a Secret reference.
     */
    @ParameterizedTest
    @MethodSource("services")
    void everyProductionSettingIsSet(String service) {
        for (String whole : List.of(service, ".", "overlays/dev", "overlays/prod")) {
            ServiceConfig config = ServiceConfig.inPod(service, Rendered.of(whole));
            List<String> missing = new ArrayList<>();
            for (String key : config.keys()) {
                if (OPTIONAL.containsKey(key) || key.startsWith("quarkus.log.category.")) {
                    continue;
                }
                Optional<String> raw = config.rawProd(key);
                boolean devOnly = raw.isEmpty() && config.hasProfileValue(key, "dev") && config.value(key).isEmpty();
                boolean emptyInProd = raw.isPresent() && config.value(key).isEmpty();
                if (devOnly || emptyInProd) {
                    Set<String> asks = raw.map(config::namesWithoutDefault).orElse(Set.of());
                    missing.add(key + " (set " + (asks.isEmpty() ? ServiceConfig.envName(key) : asks) + ")");
                }
            }
            assertThat(missing).as("%s in %s: settings with no production value", service, whole).isEmpty();
        }
    }

    /** Nothing in a pod's resolved configuration still points at the loopback defaults of the local stack. */
    @ParameterizedTest
    @MethodSource("services")
    void nothingPointsAtLocalhost(String service) {
        for (String whole : List.of(service, "overlays/dev", "overlays/prod")) {
            ServiceConfig config = ServiceConfig.inPod(service, Rendered.of(whole));
            List<String> local = config.keys().stream()
                    .filter(key -> !key.startsWith("%"))
                    .filter(key -> config.value(key).map(v -> v.contains("127.0.0.1") || v.contains("localhost")).orElse(false))
                    .map(key -> key + "=" + config.value(key).orElseThrow())
                    .toList();
            assertThat(local).as("%s in %s", service, whole).isEmpty();
        }
    }

    /** The database, the JWKS and the per-replica group are wired to what the manifests define. */
    @ParameterizedTest
    @MethodSource("services")
    void isWiredToTheDatabaseAndToAuth(String service) {
        List<ObjectNode> all = Rendered.of(".");
        ServiceConfig config = ServiceConfig.inPod(service, all);
        JsonNode cluster = Rendered.kind(all, "Cluster").findFirst().orElseThrow();
        assertThat(config.value("orchestra.db.host")).contains(Rendered.name(cluster) + "-rw");
        assertThat(config.value("orchestra.db.port")).contains("5432");
        String role = config.value("quarkus.datasource.username").orElseThrow();
        assertThat(role).isEqualTo(config.value("orchestra.schema").orElseThrow());
        JsonNode password = env(all, service, "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("orchestra-db-" + role);
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("password");

        String jwks = config.value("orchestra.jwt.jwks-url").orElseThrow();
        JsonNode authService = Rendered.one(all, "Service", "auth-service");
        assertThat(jwks).isEqualTo("http://auth-service:" + authService.at("/spec/ports/0/port").asInt() + "/.well-known/jwks.json");

        if (service.equals("sync-service")) {
            assertThat(env(all, service, "ORCHESTRA_SYNC_INSTANCE_ID").at("/valueFrom/fieldRef/fieldPath").asText())
                    .as("the per-replica consumer group is named after the pod").isEqualTo("metadata.name");
        }
        if (service.equals("auth-service")) {
            ObjectNode deployment = Rendered.one(all, "Deployment", service);
            JsonNode container = Pods.spec(deployment).path("containers").get(0);
            JsonNode volume = Pods.volumeAt(deployment, container, config.value("orchestra.auth.signing-key.location").orElseThrow());
            assertThat(volume).as("the signing key is a mounted Secret").isNotNull();
            assertThat(volume.at("/secret/secretName").asText()).isEqualTo("auth-signing-key");
        }
    }

    static JsonNode env(List<ObjectNode> documents, String service, String name) {
        for (JsonNode variable : Rendered.one(documents, "Deployment", service).at("/spec/template/spec/containers/0/env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(service + " has no env " + name);
    }
}
