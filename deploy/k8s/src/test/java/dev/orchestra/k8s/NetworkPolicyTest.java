package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network policies allow exactly the edges of the architecture. The test evaluates the
 * rendered policies as Kubernetes does (a connection needs an egress rule of some policy that
 * selects the source, if any selects it for egress, and an ingress rule of some policy that selects
 * the destination) over every pair of a universe of pods: Orchestra's own (from the Deployments),
 * the operators' (Kafka brokers, controllers and entity operator, PostgreSQL instances), and a few
 * outside the namespace (cluster DNS, the metrics scraper, the Gateway API proxies, the CloudNativePG
 * operator, and a stranger). Strimzi's own listener policy is modelled from the Kafka resource.
 */
class NetworkPolicyTest {

    static final String NAMESPACE = "orchestra";
    /** Where billing-service's Stripe client goes when orchestra.billing.stripe.api-base is unset (StripeGateway). */
    static final String STRIPE_API = "https://api.stripe.com";

    record Port(int number, String protocol, String name) {
    }

    record Pod(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels, List<Port> ports) {
    }

    /** The architecture's edges (pod names, ":port/protocol"); "ipBlock" stands for an address outside the cluster. */
    static Set<String> expectedEdges(String whole) {
        Set<String> edges = new TreeSet<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : Repo.SERVICES) {
            ports.put(service, Integer.parseInt(ServiceConfig.ofFiles(service).value("quarkus.http.port").orElseThrow()));
        }
        edges.add("edge-proxy -> gateway:8080/TCP");
        edges.add("edge-namespace-proxy -> gateway:8080/TCP");
        ports.forEach((service, port) -> {
            edges.add("gateway -> " + service + ":" + port + "/TCP");
            edges.add("metrics-scraper -> " + service + ":" + port + "/TCP");
            edges.add(service + " -> auth-service:" + ports.get("auth-service") + "/TCP");
            edges.add(service + " -> kafka-broker:9093/TCP");
            edges.add(service + " -> postgres:5432/TCP");
        });
        // Out of the cluster, where each service's config says it connects: a changed port or host
        // that the policies do not follow fails here.
        List<ObjectNode> documents = Rendered.of(whole);
        ServiceConfig billing = ServiceConfig.inPod("billing-service", documents);
        URI stripe = URI.create(billing.value("orchestra.billing.stripe.api-base").orElse(STRIPE_API));
        edges.add("billing-service -> " + destination(documents, stripe.getHost(),
                stripe.getPort() > 0 ? stripe.getPort() : stripe.getScheme().equals("https") ? 443 : 80));
        ServiceConfig notification = ServiceConfig.inPod("notification-service", documents);
        edges.add("notification-service -> " + destination(documents, notification.value("quarkus.mailer.host").orElseThrow(),
                Integer.parseInt(notification.value("quarkus.mailer.port").orElseThrow())));
        String engine = ServiceConfig.inPod("engine-gateway", documents).value("orchestra.engine.address").orElseThrow();
        edges.add("engine-gateway -> " + destination(documents, engine.substring(0, engine.lastIndexOf(':')),
                Integer.parseInt(engine.substring(engine.lastIndexOf(':') + 1))));
        // Kafka's own: replication and the KRaft quorum among its pods; the entity operator watches the API.
        for (String from : List.of("kafka-broker", "kafka-controller", "kafka-entity-operator")) {
            edges.add(from + " -> kafka-broker:9091/TCP");
            edges.add(from + " -> kafka-controller:9090/TCP");
        }
        edges.add("kafka-entity-operator -> ipBlock:443/TCP");
        edges.add("kafka-entity-operator -> ipBlock:6443/TCP");
        // PostgreSQL's own: replication, its operator, the API.
        edges.add("postgres -> postgres:5432/TCP");
        edges.add("cnpg-operator -> postgres:5432/TCP");
        edges.add("cnpg-operator -> postgres:8000/TCP");
        edges.add("postgres -> ipBlock:443/TCP");
        edges.add("postgres -> ipBlock:6443/TCP");
        edges.add("edge-proxy -> edge-control-plane:15012/TCP");
        if (whole.equals("overlays/dev")) {
            edges.add("stripe-local -> gateway:8080/TCP"); // its webhooks
        }
        for (Pod pod : universe(documents)) {
            if (pod.namespace().equals(NAMESPACE)) {
                edges.add(pod.name() + " -> kube-dns:53/UDP");
                edges.add(pod.name() + " -> kube-dns:53/TCP");
            }
        }
        return edges;
    }

    /**
     * An edge's destination for a host and port a service connects to: the pod behind the Service of
     * that name if the documents have one (its target port), else an address outside the cluster.
     */
    static String destination(List<ObjectNode> documents, String host, int port) {
        var service = Rendered.kind(documents, "Service").filter(s -> Rendered.name(s).equals(host)).findFirst();
        if (service.isEmpty()) {
            return "ipBlock:" + port + "/TCP";
        }
        ObjectNode deployment = Pods.deployments(documents).stream()
                .filter(d -> Pods.selects(service.get().at("/spec/selector"), Pods.labels(d))).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + host + " selects no pod"));
        for (JsonNode servicePort : service.get().at("/spec/ports")) {
            if (servicePort.path("port").asInt() == port) {
                JsonNode target = servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port");
                return Rendered.name(deployment) + ":" + Pods.containerPort(deployment, target) + "/" + servicePort.path("protocol").asText("TCP");
            }
        }
        throw new AssertionError("Service " + host + " has no port " + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "overlays/dev", "overlays/prod"})
    void policiesAllowExactlyTheArchitecture(String whole) {
        assertThat(allowedEdges(Rendered.of(whole))).isEqualTo(expectedEdges(whole));
    }

    /** Only the Gateway API proxies are open to anyone; every ipBlock is a valid CIDR. */
    @ParameterizedTest
    @ValueSource(strings = {".", "overlays/dev", "overlays/prod"})
    void onlyTheEdgeIsPublic(String whole) {
        Pattern cidr = Pattern.compile("^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$");
        for (ObjectNode policy : Rendered.kind(Rendered.of(whole), "NetworkPolicy").toList()) {
            for (JsonNode rule : policy.at("/spec/ingress")) {
                if (rule.path("from").isEmpty()) {
                    assertThat(Rendered.name(policy)).as("an ingress rule open to anyone").isEqualTo("edge-proxy");
                }
            }
            for (JsonNode block : policy.findValues("ipBlock")) {
                assertThat(block.path("cidr").asText()).matches(cidr);
                block.path("except").forEach(e -> assertThat(e.asText()).matches(cidr));
            }
        }
    }

    /** Every pod of the namespace is denied by default; DNS is the one thing all may do. */
    @Test
    void theNamespaceDeniesByDefault() {
        JsonNode deny = Rendered.one(Rendered.of("namespace"), "NetworkPolicy", "default-deny");
        assertThat(deny.at("/spec/podSelector").isEmpty()).isTrue();
        assertThat(deny.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
        assertThat(deny.at("/spec/ingress").isMissingNode() && deny.at("/spec/egress").isMissingNode()).isTrue();
    }

    // ------------------------------------------------------------------------------------ evaluation

    static List<Pod> universe(List<ObjectNode> documents) {
        Map<String, String> orchestraNs = new HashMap<>(Map.of("kubernetes.io/metadata.name", NAMESPACE));
        Rendered.kind(documents, "Namespace").filter(n -> Rendered.name(n).equals(NAMESPACE))
                .forEach(n -> orchestraNs.putAll(Pods.strings(n.at("/metadata/labels"))));
        List<Pod> pods = new ArrayList<>();
        for (ObjectNode deployment : Pods.deployments(documents)) {
            List<Port> ports = new ArrayList<>();
            for (JsonNode container : Pods.spec(deployment).path("containers")) {
                for (JsonNode port : container.path("ports")) {
                    ports.add(new Port(port.path("containerPort").asInt(), port.path("protocol").asText("TCP"), port.path("name").asText()));
                }
            }
            pods.add(new Pod(Rendered.name(deployment), NAMESPACE, orchestraNs, Pods.labels(deployment), ports));
        }
        String kafka = KafkaAccess.CLUSTER;
        pods.add(new Pod("kafka-broker", NAMESPACE, orchestraNs, Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", kafka + "-kafka", "strimzi.io/pool-name", "broker", "strimzi.io/broker-role", "true"),
                List.of(new Port(9091, "TCP", "tcp-replication"), new Port(9093, "TCP", "tcp-scram"))));
        pods.add(new Pod("kafka-controller", NAMESPACE, orchestraNs, Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", kafka + "-kafka", "strimzi.io/pool-name", "controller", "strimzi.io/controller-role", "true"),
                List.of(new Port(9090, "TCP", "tcp-ctrlplane"))));
        pods.add(new Pod("kafka-entity-operator", NAMESPACE, orchestraNs, Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", kafka + "-entity-operator"), List.of()));
        String db = Rendered.kind(documents, "Cluster").map(Rendered::name).findFirst().orElse("orchestra-db");
        pods.add(new Pod("postgres", NAMESPACE, orchestraNs, Map.of("cnpg.io/cluster", db, "cnpg.io/podRole", "instance"),
                List.of(new Port(5432, "TCP", "postgresql"), new Port(8000, "TCP", "status"))));
        pods.add(new Pod("edge-proxy", NAMESPACE, orchestraNs, Map.of("orchestra.dev/edge", "true"),
                List.of(new Port(443, "TCP", "https"), new Port(80, "TCP", "http"))));
        pods.add(new Pod("edge-namespace-proxy", "edge-system", Map.of("kubernetes.io/metadata.name", "edge-system", "orchestra.dev/edge", "true"),
                Map.of("app", "proxy"), List.of(new Port(443, "TCP", "https"))));
        pods.add(new Pod("edge-control-plane", "edge-control", Map.of("kubernetes.io/metadata.name", "edge-control",
                "orchestra.dev/edge-control-plane", "true"), Map.of("app", "control-plane"), List.of(new Port(15012, "TCP", "xds"))));
        pods.add(new Pod("kube-dns", "kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"), Map.of("k8s-app", "kube-dns"),
                List.of(new Port(53, "UDP", "dns"), new Port(53, "TCP", "dns-tcp"))));
        pods.add(new Pod("metrics-scraper", "monitoring", Map.of("kubernetes.io/metadata.name", "monitoring"),
                Map.of("app.kubernetes.io/name", "prometheus"), List.of(new Port(9090, "TCP", "web"))));
        pods.add(new Pod("cnpg-operator", "cnpg-system", Map.of("kubernetes.io/metadata.name", "cnpg-system"),
                Map.of("app.kubernetes.io/name", "cloudnative-pg"), List.of(new Port(9443, "TCP", "webhook"))));
        pods.add(new Pod("stranger", "default", Map.of("kubernetes.io/metadata.name", "default"), Map.of("app", "other"),
                List.of(new Port(8080, "TCP", "http"))));
        pods.add(new Pod("unlabelled-pod-in-namespace", NAMESPACE, orchestraNs, Map.of("app", "debug"), List.of(new Port(8080, "TCP", "http"))));
        return pods;
    }

    static Set<String> allowedEdges(List<ObjectNode> documents) {
        List<ObjectNode> policies = new ArrayList<>(Rendered.kind(documents, "NetworkPolicy").toList());
        policies.addAll(strimziListenerPolicies(documents));
        List<Pod> pods = universe(documents);
        Set<String> edges = new TreeSet<>();
        for (Pod from : pods) {
            for (Pod to : pods) {
                if (to.name().equals("edge-proxy")) {
                    continue; // public on purpose (onlyTheEdgeIsPublic)
                }
                if (!from.namespace().equals(NAMESPACE) && !to.namespace().equals(NAMESPACE)) {
                    continue;
                }
                for (Port port : to.ports()) {
                    if (allowed(policies, from, to, port, "Egress") && allowed(policies, from, to, port, "Ingress")) {
                        edges.add(from.name() + " -> " + to.name() + ":" + port.number() + "/" + port.protocol());
                    }
                }
            }
            if (from.namespace().equals(NAMESPACE)) {
                for (ObjectNode policy : policies) {
                    if (selects(policy, from) && types(policy).contains("Egress")) {
                        for (JsonNode rule : policy.at("/spec/egress")) {
                            if (rule.path("to").findValues("ipBlock").isEmpty()) {
                                continue;
                            }
                            for (JsonNode port : rule.path("ports")) {
                                edges.add(from.name() + " -> ipBlock:" + port.path("port").asInt() + "/" + port.path("protocol").asText("TCP"));
                            }
                        }
                    }
                }
            }
        }
        return edges;
    }

    /** The policy Strimzi makes for the Kafka pods: each listener's port open to its networkPolicyPeers, its own ports to its pods. */
    static List<ObjectNode> strimziListenerPolicies(List<ObjectNode> documents) {
        List<ObjectNode> policies = new ArrayList<>();
        for (ObjectNode kafka : Rendered.kind(documents, "Kafka").toList()) {
            ObjectNode policy = Yaml.MAPPER.createObjectNode();
            policy.putObject("metadata").put("name", "strimzi-" + Rendered.name(kafka) + "-network-policy-kafka").put("namespace", NAMESPACE);
            ObjectNode spec = policy.putObject("spec");
            spec.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", Rendered.name(kafka))
                    .put("strimzi.io/kind", "Kafka");
            spec.putArray("policyTypes").add("Ingress");
            var ingress = spec.putArray("ingress");
            ObjectNode internal = ingress.addObject();
            internal.putArray("from").addObject().putObject("podSelector").putObject("matchLabels")
                    .put("strimzi.io/cluster", Rendered.name(kafka));
            internal.putArray("ports").add(Yaml.MAPPER.createObjectNode().put("port", 9090)).add(Yaml.MAPPER.createObjectNode().put("port", 9091));
            for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
                ObjectNode rule = ingress.addObject();
                if (listener.has("networkPolicyPeers")) {
                    rule.set("from", listener.get("networkPolicyPeers").deepCopy());
                }
                rule.putArray("ports").addObject().put("port", listener.path("port").asInt());
            }
            policies.add(policy);
        }
        return policies;
    }

    private static boolean allowed(List<ObjectNode> policies, Pod from, Pod to, Port port, String type) {
        Pod subject = type.equals("Egress") ? from : to;
        Pod peer = type.equals("Egress") ? to : from;
        if (!subject.namespace().equals(NAMESPACE)) {
            return true; // other namespaces' policies are theirs
        }
        boolean selected = false;
        for (ObjectNode policy : policies) {
            if (!selects(policy, subject) || !types(policy).contains(type)) {
                continue;
            }
            selected = true;
            for (JsonNode rule : policy.at("/spec/" + type.toLowerCase())) {
                JsonNode peers = rule.path(type.equals("Egress") ? "to" : "from");
                boolean peerOk = peers.isMissingNode() || peers.isEmpty();
                for (JsonNode p : peers) {
                    peerOk |= peerMatches(p, peer);
                }
                if (peerOk && portMatches(rule.path("ports"), port)) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static boolean selects(JsonNode policy, Pod pod) {
        return pod.namespace().equals(policy.at("/metadata/namespace").asText(NAMESPACE))
                && Pods.selects(policy.at("/spec/podSelector"), pod.labels());
    }

    private static Set<String> types(JsonNode policy) {
        Set<String> types = new TreeSet<>();
        policy.at("/spec/policyTypes").forEach(t -> types.add(t.asText()));
        if (types.isEmpty()) {
            types.add("Ingress");
            if (policy.at("/spec/egress").isArray()) {
                types.add("Egress");
            }
        }
        return types;
    }

    private static boolean peerMatches(JsonNode peer, Pod pod) {
        if (peer.has("ipBlock")) {
            return false; // pods are matched by selectors here; ipBlock edges are listed on their own
        }
        boolean nsOk = peer.has("namespaceSelector") ? Pods.selects(peer.get("namespaceSelector"), pod.namespaceLabels())
                : pod.namespace().equals(NAMESPACE);
        boolean podOk = !peer.has("podSelector") || Pods.selects(peer.get("podSelector"), pod.labels());
        return nsOk && podOk;
    }

    private static boolean portMatches(JsonNode ports, Port port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            boolean protocol = p.path("protocol").asText("TCP").equals(port.protocol());
            boolean number = !p.has("port") || (p.get("port").isInt() ? p.get("port").asInt() == port.number()
                    : p.get("port").asText().equals(port.name()));
            if (protocol && number) {
                return true;
            }
        }
        return false;
    }
}
