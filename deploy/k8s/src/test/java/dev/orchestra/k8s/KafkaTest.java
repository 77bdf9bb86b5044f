package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Topics, users and ACLs agree with topics.txt and with what each service's code and config use. */
class KafkaTest {

    static Stream<String> services() {
        return Repo.SERVICES.stream();
    }

    /** topics.txt names only deployed services as consumers, or test applications (kept out of the cluster). */
    @Test
    void topicsTxtNamesKnownConsumers() {
        for (KafkaAccess.Topic topic : KafkaAccess.topics()) {
            assertThat(topic.consumers()).as(topic.name())
                    .allSatisfy(c -> assertThat(Repo.SERVICES.contains(c) || c.endsWith("-test")).as(c).isTrue());
        }
    }

    /** A KafkaTopic for every topic and dead-letter topic, and no other; partitions cover every consumer's replicas. */
    @Test
    void everyTopicAndDeadLetterTopicHasAKafkaTopic() {
        for (String whole : Rendered.DEPLOYABLE_WHOLES) {
            List<ObjectNode> documents = Rendered.of(whole);
            Set<String> expected = new TreeSet<>();
            for (KafkaAccess.Topic topic : KafkaAccess.topics()) {
                expected.add(topic.name());
                expected.addAll(topic.dlqs());
            }
            Set<String> actual = Rendered.kind(documents, "KafkaTopic")
                    .map(t -> t.at("/spec/topicName").asText(Rendered.name(t))).collect(Collectors.toCollection(TreeSet::new));
            assertThat(actual).as(whole).isEqualTo(expected);
            for (KafkaAccess.Topic topic : KafkaAccess.topics()) {
                int partitions = Rendered.one(documents, "KafkaTopic", topic.name()).at("/spec/partitions").asInt();
                for (String consumer : topic.deployedConsumers()) {
                    assertThat(partitions).as("%s partitions >= %s's largest replica count in %s", topic.name(), consumer, whole)
                            .isGreaterThanOrEqualTo(maxReplicas(documents, consumer));
                }
                JsonNode config = Rendered.one(documents, "KafkaTopic", topic.name()).at("/spec/config");
                topic.config().forEach((k, v) -> assertThat(config.path(k).asText()).as("%s %s", topic.name(), k).isEqualTo(v));
                for (String dlq : topic.dlqs()) {
                    JsonNode dlqConfig = Rendered.one(documents, "KafkaTopic", dlq).at("/spec/config");
                    topic.config().forEach((k, v) -> assertThat(dlqConfig.path(k).asText()).as("%s %s", dlq, k).isEqualTo(v));
                }
            }
            assertThat(Rendered.kind(documents, "KafkaTopic"))
                    .allSatisfy(t -> assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(KafkaAccess.CLUSTER));
        }
    }

    /** What a service consumes by its config is what topics.txt says it consumes; its dead letters are its own. */
    @ParameterizedTest
    @MethodSource("services")
    void channelsMatchTopicsTxt(String service) {
        ServiceConfig config = KafkaAccess.podConfig(service);
        List<KafkaAccess.Channel> channels = KafkaAccess.channels(config);
        Set<String> consumed = channels.stream().map(KafkaAccess.Channel::topic).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = KafkaAccess.topics().stream().filter(t -> t.consumers().contains(service))
                .map(KafkaAccess.Topic::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(consumed).as("topics %s consumes", service).isEqualTo(listed);
        for (KafkaAccess.Channel channel : channels) {
            KafkaAccess.Topic topic = KafkaAccess.topics().stream().filter(t -> t.name().equals(channel.topic())).findFirst().orElseThrow();
            if (topic.broadcast()) {
                assertThat(channel.deadLetterTopic()).as("%s: a broadcast has no dead letters", channel.name()).isEmpty();
                assertThat(channel.group().prefix()).as("%s: a group per replica", channel.name()).isTrue();
            } else {
                assertThat(channel.deadLetterTopic()).as(channel.name()).contains(channel.topic() + "." + service + ".dlq");
            }
        }
    }

    /** Every channel in the config is an @Incoming of the service's or the platform's code, and the other way round. */
    @ParameterizedTest
    @MethodSource("services")
    void channelsAreTheCodesIncomingMethods(String service) throws IOException {
        Set<String> inCode = new TreeSet<>();
        for (Path root : List.of(Repo.ROOT.resolve(service).resolve("src/main/java"), Repo.ROOT.resolve("platform/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = Pattern.compile("@Incoming\\(\"([^\"]+)\"\\)").matcher(Repo.read(file));
                    while (m.find()) {
                        inCode.add(m.group(1));
                    }
                }
            }
        }
        Set<String> inConfig = KafkaAccess.channels(KafkaAccess.podConfig(service)).stream().map(KafkaAccess.Channel::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inConfig).isEqualTo(inCode);
    }

    /** The topics a service publishes (by the contract's naming) are exactly those its code names. */
    @ParameterizedTest
    @MethodSource("services")
    void producedTopicsAreTheOnesTheCodeNames(String service) {
        assertThat(new TreeSet<>(KafkaAccess.produced(service))).isEqualTo(KafkaAccess.namedInCode(service));
    }

    /** Each service's KafkaUser: its own name, SCRAM, and exactly the derived ACLs (no more, no less). */
    @ParameterizedTest
    @MethodSource("services")
    void kafkaUserAllowsExactlyWhatTheServiceUses(String service) {
        JsonNode user = Rendered.one(Rendered.of(service), "KafkaUser", service);
        assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
        assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(KafkaAccess.CLUSTER);
        Set<String> actual = new TreeSet<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            assertThat(acl.path("type").asText("allow")).isEqualTo("allow");
            for (JsonNode op : acl.path("operations")) {
                actual.add(acl.at("/resource/type").asText() + " " + acl.at("/resource/patternType").asText("literal") + " "
                        + acl.at("/resource/name").asText() + " " + op.asText());
            }
        }
        Set<String> expected = new TreeSet<>();
        for (KafkaAccess.Acl acl : KafkaAccess.acls(service, KafkaAccess.podConfig(service))) {
            acl.operations().forEach(op -> expected.add(acl.type() + " " + (acl.prefix() ? "prefix" : "literal") + " " + acl.name() + " " + op));
        }
        assertThat(actual).isEqualTo(expected);
        // Nothing wider than the service's own: no wildcard, no cluster or transactional rights.
        assertThat(actual).noneMatch(a -> a.contains(" * ") || a.startsWith("cluster") || a.startsWith("transactionalId"));
    }

    /** The pods talk to the one listener there is, as its authentication wants, trusting the cluster CA. */
    @ParameterizedTest
    @MethodSource("services")
    void clientsMatchTheListener(String service) {
        List<ObjectNode> all = Rendered.of(".");
        JsonNode kafka = Rendered.kind(all, "Kafka").findFirst().orElseThrow();
        assertThat(Rendered.name(kafka)).isEqualTo(KafkaAccess.CLUSTER);
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        assertThat(kafka.at("/spec/kafka/listeners")).hasSize(1);
        JsonNode listener = kafka.at("/spec/kafka/listeners/0");
        assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(listener.path("tls").asBoolean()).isTrue();

        ServiceConfig config = ServiceConfig.inPod(service, all);
        assertThat(config.value("kafka.bootstrap.servers"))
                .contains(KafkaAccess.CLUSTER + "-kafka-bootstrap:" + listener.path("port").asInt());
        assertThat(config.env()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        JsonNode jaas = ServiceManifestTest.env(all, service, "KAFKA_SASL_JAAS_CONFIG");
        assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).as("the Secret Strimzi makes for the user").isEqualTo(service);
        assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
        ObjectNode deployment = Rendered.one(all, "Deployment", service);
        JsonNode ca = Pods.volumeAt(deployment, Pods.spec(deployment).path("containers").get(0), config.env().get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertThat(ca).as("the trust store is mounted").isNotNull();
        assertThat(ca.at("/secret/secretName").asText()).isEqualTo(KafkaAccess.CLUSTER + "-cluster-ca-cert");
    }

    /** KRaft: a controller pool and a broker pool of the cluster, nothing else. */
    @Test
    void nodePoolsAreKraftControllersAndBrokers() {
        List<ObjectNode> all = Rendered.of(".");
        List<String> roles = new ArrayList<>();
        Rendered.kind(all, "KafkaNodePool").forEach(pool -> {
            assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(KafkaAccess.CLUSTER);
            pool.at("/spec/roles").forEach(r -> roles.add(r.asText()));
            assertThat(pool.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
        });
        assertThat(roles).containsExactlyInAnyOrder("controller", "broker");
    }

    /** The largest replica count a service's pods reach in these documents (its Deployment's replicas, its HPA's bounds). */
    static int maxReplicas(List<ObjectNode> documents, String service) {
        int replicas = Rendered.one(documents, "Deployment", service).at("/spec/replicas").asInt(1);
        return Rendered.kind(documents, "HorizontalPodAutoscaler")
                .filter(h -> h.at("/spec/scaleTargetRef/name").asText().equals(service))
                .mapToInt(h -> Math.max(h.at("/spec/maxReplicas").asInt(), h.at("/spec/minReplicas").asInt(1)))
                .reduce(replicas, Math::max);
    }
}
