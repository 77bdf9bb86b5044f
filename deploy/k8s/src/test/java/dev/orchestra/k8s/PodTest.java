package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod settings of issue 16 hold on every pod, in every deployable kustomization (each service alone, the whole, the overlays). */
class PodTest {

    static Stream<Arguments> pods() {
        List<Arguments> pods = new ArrayList<>();
        for (String kustomization : Repo.KUSTOMIZATIONS) {
            for (ObjectNode deployment : Pods.deployments(Rendered.of(kustomization))) {
                pods.add(Arguments.of(kustomization, Rendered.name(deployment)));
            }
        }
        return pods.stream();
    }

    static ObjectNode deployment(String kustomization, String name) {
        return Rendered.one(Rendered.of(kustomization), "Deployment", name);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void isHardened(String kustomization, String name) {
        JsonNode deployment = deployment(kustomization, name);
        JsonNode pod = Pods.spec(deployment);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("runAsNonRoot").isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt(-1)).as("a non-root user id").isPositive();
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("no service account token").isFalse();
        assertThat(pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false)).isFalse();
        for (JsonNode container : Pods.containers(deployment)) {
            String c = container.path("name").asText();
            JsonNode security = container.path("securityContext");
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("%s: no privilege escalation", c).isFalse();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean(false)).as("%s: read-only root filesystem", c).isTrue();
            assertThat(security.path("privileged").asBoolean(false)).as("%s: not privileged", c).isFalse();
            assertThat(security.at("/capabilities/drop").toString()).as("%s: every capability dropped", c).contains("\"ALL\"");
            assertThat(security.at("/capabilities/add").isMissingNode()).as("%s: none added", c).isTrue();
            String seccomp = security.at("/seccompProfile/type").asText(pod.at("/securityContext/seccompProfile/type").asText());
            assertThat(seccomp).as("%s: seccomp", c).isEqualTo("RuntimeDefault");
            JsonNode tmp = Pods.volumeAt(deployment, container, "/tmp");
            assertThat(tmp).as("%s: /tmp is a volume", c).isNotNull();
            assertThat(tmp.has("emptyDir")).as("%s: /tmp is an emptyDir", c).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void hasRequestsAndLimits(String kustomization, String name) {
        for (JsonNode container : Pods.containers(deployment(kustomization, name))) {
            JsonNode resources = container.path("resources");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(resources.at("/requests/" + resource).isTextual()).as("%s request", resource).isTrue();
                assertThat(resources.at("/limits/" + resource).isTextual()).as("%s limit", resource).isTrue();
                assertThat(quantity(resources.at("/requests/" + resource).asText()))
                        .as("%s request within its limit", resource)
                        .isLessThanOrEqualTo(quantity(resources.at("/limits/" + resource).asText()));
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void hasProbesAServiceAccountAndTopologySpread(String kustomization, String name) {
        List<ObjectNode> documents = Rendered.of(kustomization);
        JsonNode deployment = deployment(kustomization, name);
        JsonNode pod = Pods.spec(deployment);
        for (JsonNode container : pod.path("containers")) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.has(probe)).as("%s", probe).isTrue();
            }
        }
        JsonNode account = Rendered.one(documents, "ServiceAccount", pod.path("serviceAccountName").asText());
        assertThat(account.path("automountServiceAccountToken").asBoolean(true)).as("its ServiceAccount mounts no token").isFalse();
        Map<String, String> labels = Pods.labels(deployment);
        assertThat(Pods.selects(deployment.at("/spec/selector"), labels)).as("the selector matches the pod labels").isTrue();
        Rendered.kind(documents, "HorizontalPodAutoscaler").filter(h -> h.at("/spec/scaleTargetRef/name").asText().equals(name))
                .forEach(h -> assertThat(h.at("/spec/minReplicas").asInt(1)).as("HPA minimum within its maximum")
                        .isBetween(1, h.at("/spec/maxReplicas").asInt()));
        Rendered.kind(documents, "PodDisruptionBudget").filter(p -> Pods.selects(p.at("/spec/selector"), labels))
                .forEach(p -> assertThat(p.at("/spec/maxUnavailable").asInt(0)).as("a PDB that lets a node drain").isPositive());
        assertThat(pod.path("topologySpreadConstraints")).as("spread across nodes")
                .anyMatch(t -> t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                        && Pods.selects(t.path("labelSelector"), labels));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void imagesHaveAPinnedTag(String kustomization, String name) {
        for (JsonNode container : Pods.containers(deployment(kustomization, name))) {
            String image = container.path("image").asText();
            assertThat(image).as("image of %s", name).matches(".+:[A-Za-z0-9._-]+$|.+@sha256:[0-9a-f]{64}$");
            assertThat(image).as("image of %s", name).doesNotEndWith(":latest");
        }
    }

    /** Services only: Quarkus health paths, the HTTP port from the config, a grace period above the drain. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void servicePodsProbeTheirHealthAndOutlastTheirDrain(String kustomization, String name) {
        if (!Repo.SERVICES.contains(name)) {
            return;
        }
        JsonNode deployment = deployment(kustomization, name);
        JsonNode container = Pods.spec(deployment).path("containers").get(0);
        ServiceConfig config = ServiceConfig.inPod(name, Rendered.of(kustomization));
        int httpPort = Integer.parseInt(config.value("quarkus.http.port").orElseThrow());
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).as("container port = quarkus.http.port").isEqualTo(httpPort);
        assertThat(config.value("quarkus.http.non-application-root-path")).as("management routes stay under /q").isEmpty();
        assertThat(config.value("quarkus.smallrye-health.root-path")).as("health stays at /q/health").isEmpty();
        assertThat(Repo.read(Repo.ROOT.resolve("platform/pom.xml"))).as("SmallRye Health is in the platform").contains("quarkus-smallrye-health");
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        paths.forEach((probe, path) -> {
            assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(probe).isEqualTo(path);
            assertThat(Pods.containerPort(deployment, container.at("/" + probe + "/httpGet/port"))).as(probe + " port").isEqualTo(httpPort);
        });
        long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong(0);
        long grace = Pods.spec(deployment).path("terminationGracePeriodSeconds").asLong(30);
        assertThat(grace).as("grace period (s) above preStop + the longest drain of %s", name)
                .isGreaterThan(preStop + Drain.of(config).toSeconds());
    }

    static long quantity(String value) {
        var m = Pattern.compile("^([0-9.]+)([a-zA-Z]*)$").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + value);
        }
        double number = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2)) {
            case "" -> 1000;
            case "m" -> 1;
            case "Ki" -> 1024.0 * 1000;
            case "Mi" -> 1024.0 * 1024 * 1000;
            case "Gi" -> 1024.0 * 1024 * 1024 * 1000;
            case "M" -> 1e6 * 1000;
            case "G" -> 1e9 * 1000;
            default -> throw new IllegalArgumentException("unit of " + value);
        };
        return (long) (number * factor);
    }

    /** How long a service may take to stop once SIGTERM arrives, from what its config says. */
    static final class Drain {
        /** The platform's outbox relay waits this long for its last round (OutboxRelay.close, delivery-timeout 30s). */
        static final Duration OUTBOX_RELAY = Duration.ofSeconds(30);

        static Duration of(ServiceConfig config) {
            Duration drain = OUTBOX_RELAY;
            // notification-service: a send in flight gets send-timeout plus its transaction's 30 s.
            var send = config.value("orchestra.notification.sender.send-timeout");
            if (send.isPresent()) {
                drain = max(drain, duration(send.get()).plusSeconds(30));
            }
            // billing-service: a Stripe call with its retries.
            var read = config.value("orchestra.billing.stripe.read-timeout");
            if (read.isPresent()) {
                long tries = 1 + Long.parseLong(config.value("orchestra.billing.stripe.max-network-retries").orElse("0"));
                drain = max(drain, duration(read.get()).plus(duration(config.value("orchestra.billing.stripe.connect-timeout")
                        .orElse("0s"))).multipliedBy(tries));
            }
            // engine-gateway: an engine write with its retries and backoff.
            var write = config.value("orchestra.engine.deadline.write");
            if (write.isPresent()) {
                long retries = Long.parseLong(config.value("orchestra.engine.retry.max-retries").orElse("0"));
                drain = max(drain, duration(write.get()).multipliedBy(retries + 1)
                        .plus(duration(config.value("orchestra.engine.retry.max-delay").orElse("0s")).multipliedBy(retries)));
            }
            return drain;
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }

        static Duration duration(String text) {
            var m = Pattern.compile("^(\\d+)(ms|s|m|h|d)$").matcher(text.trim());
            if (!m.matches()) {
                return Duration.parse(text.trim());
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
