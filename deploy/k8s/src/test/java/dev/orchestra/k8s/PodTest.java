package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
        assertThat(grace).as("grace period (s) above preStop %d + the drain of %s (outbox relay %s, its workers %s, Kafka consumers %s)",
                        preStop, name, Drain.OUTBOX_RELAY, Drain.workers(config), Drain.consumers(config))
                .isGreaterThan(preStop + (long) Math.ceil(Drain.of(config).toMillis() / 1000.0));
    }

    /** Services only: the memory request covers the peak RSS the service's README records under load, where it records one. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pods")
    void serviceMemoryRequestsCoverTheMeasuredPeak(String kustomization, String name) {
        if (!Repo.SERVICES.contains(name)) {
            return;
        }
        var peak = peakRssMiB(name);
        if (peak.isPresent()) {
            String request = Pods.spec(deployment(kustomization, name)).at("/containers/0/resources/requests/memory").asText();
            assertThat(quantity(request)).as("memory request %s covers %s/README.md's peak RSS of %d MiB", request, name, peak.getAsLong())
                    .isGreaterThanOrEqualTo(quantity(peak.getAsLong() + "Mi"));
        }
    }

    /** The readers of the READMEs' "Peak RSS ... N MiB" still find some (so the check above does not pass by finding none). */
    @Test
    void someServiceRecordsItsPeakRss() {
        assertThat(Repo.SERVICES.stream().filter(s -> peakRssMiB(s).isPresent())).isNotEmpty();
    }

    /** The largest "Peak RSS ... N MiB" a service's README records, if any. */
    static OptionalLong peakRssMiB(String service) {
        var m = Pattern.compile("Peak RSS[^.\\d]*?(\\d[\\d,]*) MiB").matcher(Repo.read(Repo.ROOT.resolve(service).resolve("README.md")));
        long peak = -1;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1).replace(",", "")));
        }
        return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
    }

    /**
     * Each service's image is built from its src/main/docker/Dockerfile.jvm (Quarkus's convention):
     * it runs as the user the pod names and exposes the port the service listens on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theImageMatchesThePod(String service) {
        Path dockerfile = Repo.ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        assertThat(dockerfile).as("%s's Dockerfile.jvm", service).isRegularFile();
        String text = Repo.read(dockerfile);
        List<ObjectNode> documents = Rendered.of(service);
        ObjectNode deployment = Rendered.one(documents, "Deployment", service);
        assertThat(Pods.spec(deployment).path("containers").get(0).path("image").asText())
                .as("the image kustomize's images: names").startsWith("orchestra/" + service + ":");
        // The last USER is the one the container starts as.
        List<String> users = instructions(text, "USER");
        assertThat(users).as("USER in %s", dockerfile).isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0]).as("the image's USER = the pod's runAsUser")
                .isEqualTo(Pods.spec(deployment).at("/securityContext/runAsUser").asText());
        String httpPort = ServiceConfig.inPod(service, documents).value("quarkus.http.port").orElseThrow();
        List<String> exposed = instructions(text, "EXPOSE").stream().flatMap(e -> Stream.of(e.split("\\s+")))
                .map(p -> p.replaceFirst("/tcp$", "")).toList();
        assertThat(exposed).as("EXPOSE = quarkus.http.port").containsExactly(httpPort);
    }

    static Stream<String> services() {
        return Repo.SERVICES.stream();
    }

    /** The arguments of each instruction of this name in a Dockerfile (one line each: these files continue none). */
    private static List<String> instructions(String dockerfile, String name) {
        var m = Pattern.compile("(?im)^\\s*" + name + "\\s+(.+?)\\s*$").matcher(dockerfile);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
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

    /**
     * How long a service may take to stop once SIGTERM arrives, from its code and config. Quarkus stops
     * one step after another: the ShutdownEvent observers on one thread (the outbox relay, the
     * service's own workers), then the Kafka connector closes the consumer channels one by one; so
     * the steps add up. Nothing drains sync-service's WebSockets: they close when the HTTP server
     * stops, and the clients reconnect to another pod.
     */
    static final class Drain {
        static final Path OUTBOX_RELAY_SOURCE = Repo.ROOT.resolve("platform/src/main/java/dev/orchestra/platform/outbox/OutboxRelay.java");
        /** OutboxRelay.close() waits at most this long for the relay's last round: a literal of that method, read from it. */
        static final Duration OUTBOX_RELAY = outboxRelayClose();

        // What a consumer channel's close waits on, as SmallRye Reactive Messaging Kafka 4.33 defaults it
        // (KafkaSource.closeQuietly, KafkaThrottledLatestProcessedCommit.terminate, ReactiveKafkaConsumer.close);
        // the channel's or the connector's config overrides each. Orchestra sets none of them.
        static final long POLL_TIMEOUT_MS = 1000;
        static final long AUTO_COMMIT_INTERVAL_MS = 5000;
        static final long DEFAULT_API_TIMEOUT_MS = 1000;

        static Duration of(ServiceConfig config) {
            return OUTBOX_RELAY.plus(workers(config)).plus(consumers(config));
        }

        /**
         * Each consumer channel, one after another: with graceful-shutdown (the default) the polling
         * thread's answer and a grace after it (2 x poll-timeout each); with the throttled commit
         * strategy the records still in processing and the last commit (auto.commit.interval.ms each);
         * then the consumer's close (2 x default.api.timeout.ms). Not counted: a dead-letter producer's
         * close, which waits only for dead letters Kafka has not acknowledged; their records' offsets
         * are not committed, so they are consumed again after the restart.
         */
        static Duration consumers(ServiceConfig config) {
            Duration total = Duration.ZERO;
            for (KafkaAccess.Channel channel : KafkaAccess.channels(config)) {
                long poll = channelLong(config, channel, "poll-timeout", POLL_TIMEOUT_MS);
                long ms = 0;
                if (Boolean.parseBoolean(channelValue(config, channel, "graceful-shutdown").orElse("true"))) {
                    ms += 4 * poll;
                    if (channelValue(config, channel, "commit-strategy").orElse("throttled").equals("throttled")) {
                        ms += 2 * channelLong(config, channel, "auto.commit.interval.ms", AUTO_COMMIT_INTERVAL_MS);
                    }
                }
                ms += 2 * channelLong(config, channel, "default.api.timeout.ms", DEFAULT_API_TIMEOUT_MS);
                total = total.plusMillis(ms);
            }
            return total;
        }

        private static Optional<String> channelValue(ServiceConfig config, KafkaAccess.Channel channel, String attribute) {
            return config.value("mp.messaging.incoming." + channel.name() + "." + attribute)
                    .or(() -> config.value("mp.messaging.connector.smallrye-kafka." + attribute));
        }

        private static long channelLong(ServiceConfig config, KafkaAccess.Channel channel, String attribute, long fallback) {
            return channelValue(config, channel, attribute).map(Long::parseLong).orElse(fallback);
        }

        /** The service's own work in flight at shutdown (its ShutdownEvent observer waits for it); none for most. */
        static Duration workers(ServiceConfig config) {
            Duration drain = Duration.ZERO;
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

        /** The bound of the join in OutboxRelay.close(); fails when the code no longer has one this can read. */
        private static Duration outboxRelayClose() {
            String source = Repo.read(OUTBOX_RELAY_SOURCE);
            var close = Pattern.compile("void close\\(\\)\\s*\\{(.*?)\\n    }", Pattern.DOTALL).matcher(source);
            if (close.find()) {
                var join = Pattern.compile("\\.join\\(\\s*Duration\\.of(Millis|Seconds|Minutes)\\((\\d+)\\)").matcher(close.group(1));
                if (join.find()) {
                    long n = Long.parseLong(join.group(2));
                    return switch (join.group(1)) {
                        case "Millis" -> Duration.ofMillis(n);
                        case "Seconds" -> Duration.ofSeconds(n);
                        default -> Duration.ofMinutes(n);
                    };
                }
            }
            throw new AssertionError(OUTBOX_RELAY_SOURCE + ": close() no longer joins the relay's thread with a Duration.of...(n) "
                    + "literal; make PodTest.Drain read the relay's drain from where it now comes from");
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
