package dev.orchestra.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Kafka as Orchestra uses it, derived from the two places that say so: deploy/kafka/topics.txt
 * (topics, their consumers, their config) and each service's messaging config (channels, groups,
 * dead-letter topics, as its pod resolves them). From these come the KafkaTopics of
 * infra/kafka/topics.yaml and each service's KafkaUser ACLs, both generated ({@link GeneratedFiles}).
 */
final class KafkaAccess {

    /** The Strimzi cluster the manifests name. */
    static final String CLUSTER = "orchestra";
    /** Partitions of a topic: at least the largest replica count of any consumer (KafkaTest checks it). */
    static final int PARTITIONS = 12;
    /** Dead-letter topics are read by an operator's replay only. */
    static final int DLQ_PARTITIONS = 1;
    static final int REPLICAS = 3;
    static final int MIN_IN_SYNC = 2;
    /** 4 MiB of record plus batch overhead, as on the local broker (deploy/kafka/Topics.java). */
    static final int MAX_MESSAGE_BYTES = 4325376;

    /** One line of topics.txt. */
    record Topic(String name, List<String> consumers, Map<String, String> config, boolean broadcast) {
        List<String> deployedConsumers() {
            return consumers.stream().filter(Repo.SERVICES::contains).toList();
        }

        List<String> dlqs() {
            return broadcast ? List.of() : deployedConsumers().stream().map(c -> name + "." + c + ".dlq").toList();
        }

        /** The topic's owner by the contract's naming: its first segment is the producing service's context (schema). */
        String context() {
            return name.substring(0, name.indexOf('.'));
        }
    }

    /** What one consumer channel of a service reads. */
    record Channel(String name, String topic, Group group, Optional<String> deadLetterTopic) {
    }

    /** A consumer group: a literal name, or a prefix when the rest differs per pod. */
    record Group(String name, boolean prefix) {
    }

    /** One ACL rule: resource type (topic, group), name, pattern, operations. */
    record Acl(String type, String name, boolean prefix, Set<String> operations) {
    }

    private KafkaAccess() {
    }

    static List<Topic> topics() {
        List<Topic> topics = new ArrayList<>();
        for (String line : Repo.read(Repo.TOPICS).lines().toList()) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            Map<String, String> config = new TreeMap<>();
            boolean broadcast = false;
            for (int i = 2; i < fields.length; i++) {
                if (fields[i].equals("broadcast")) {
                    broadcast = true;
                } else {
                    String[] kv = fields[i].split("=", 2);
                    config.put(kv[0], kv[1]);
                }
            }
            List<String> consumers = fields[1].equals("-") ? List.of() : List.of(fields[1].split(","));
            topics.add(new Topic(fields[0], consumers, config, broadcast));
        }
        return topics;
    }

    /** The consumer channels of a service (its own and the platform's), as its pod resolves them. */
    static List<Channel> channels(ServiceConfig config) {
        Set<String> names = new TreeSet<>();
        for (String key : config.keys()) {
            if (key.startsWith("mp.messaging.incoming.")) {
                String rest = key.substring("mp.messaging.incoming.".length());
                names.add(rest.substring(0, rest.indexOf('.')));
            }
        }
        List<Channel> channels = new ArrayList<>();
        for (String name : names) {
            String prefix = "mp.messaging.incoming." + name + ".";
            String connector = "mp.messaging.connector.smallrye-kafka.";
            String topic = config.value(prefix + "topic").orElse(name);
            String groupId = config.value(prefix + "group.id").or(() -> config.value(connector + "group.id"))
                    .or(() -> config.value("quarkus.application.name")).orElseThrow();
            Group group = groupId.endsWith(ServiceConfig.PER_POD)
                    ? new Group(groupId.substring(0, groupId.length() - ServiceConfig.PER_POD.length()), true)
                    : new Group(groupId, false);
            if (group.name().contains("\u0000")) {
                throw new IllegalStateException(config.service() + ": group of " + name + " is not a name or a name prefix: " + groupId);
            }
            String strategy = config.value(prefix + "failure-strategy").or(() -> config.value(connector + "failure-strategy"))
                    .orElse("fail");
            Optional<String> dlq = strategy.equals("dead-letter-queue")
                    ? Optional.of(config.value(prefix + "dead-letter-queue.topic").orElse("dead-letter-topic-" + name))
                    : Optional.empty();
            channels.add(new Channel(name, topic, group, dlq));
        }
        return channels;
    }

    /** The topics a service publishes (through its outbox): those of its own context, by the contract's naming. */
    static List<String> produced(String service) {
        String schema = ServiceConfig.ofFiles(service).value("orchestra.schema").orElseThrow();
        return topics().stream().filter(t -> t.context().equals(schema)).map(Topic::name).toList();
    }

    /** The topics of topics.txt a service's main code names as string literals (the outbox's contract topic constants). */
    static Set<String> namedInCode(String service) {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Repo.read(file);
                for (Topic topic : topics()) {
                    if (source.contains("\"" + topic.name() + "\"")) {
                        named.add(topic.name());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return named;
    }

    /** The ACL rules a service needs, exactly: read what it consumes, write what it produces and its dead letters, its groups. */
    static List<Acl> acls(String service, ServiceConfig config) {
        Map<String, Set<String>> topicOps = new TreeMap<>();
        Map<Group, Set<String>> groupOps = new TreeMap<>(
                java.util.Comparator.comparing(Group::name).thenComparing(Group::prefix));
        for (Channel channel : channels(config)) {
            topicOps.computeIfAbsent(channel.topic(), t -> new TreeSet<>()).add("Read");
            channel.deadLetterTopic().ifPresent(dlq -> topicOps.computeIfAbsent(dlq, t -> new TreeSet<>()).add("Write"));
            groupOps.computeIfAbsent(channel.group(), g -> new TreeSet<>()).add("Read");
        }
        for (String topic : produced(service)) {
            topicOps.computeIfAbsent(topic, t -> new TreeSet<>()).add("Write");
        }
        List<Acl> acls = new ArrayList<>();
        topicOps.forEach((topic, ops) -> acls.add(new Acl("topic", topic, false, ops)));
        groupOps.forEach((group, ops) -> acls.add(new Acl("group", group.name(), group.prefix(), ops)));
        return acls;
    }

    // ------------------------------------------------------------------------------------ generated manifests

    static String topicsYaml() {
        StringBuilder out = new StringBuilder(GeneratedFiles.header("deploy/kafka/topics.txt",
                "A KafkaTopic for every topic of deploy/kafka/topics.txt and every consumer's dead-letter topic\n"
                        + "(test-only consumers excluded), with the file's config on both."));
        for (Topic topic : topics()) {
            out.append(topicYaml(topic.name(), PARTITIONS, topic.config()));
            for (String dlq : topic.dlqs()) {
                out.append(topicYaml(dlq, DLQ_PARTITIONS, topic.config()));
            }
        }
        return out.toString();
    }

    private static String topicYaml(String name, int partitions, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        config.put("min.insync.replicas", String.valueOf(MIN_IN_SYNC));
        config.putAll(extra);
        StringBuilder out = new StringBuilder();
        out.append("---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata:\n  name: ").append(name)
                .append("\n  labels:\n    strimzi.io/cluster: ").append(CLUSTER)
                .append("\n    app.kubernetes.io/part-of: orchestra\nspec:\n  partitions: ").append(partitions)
                .append("\n  replicas: ").append(REPLICAS).append("\n  config:\n");
        config.forEach((k, v) -> out.append("    ").append(k).append(": ").append(v.matches("\\d+") ? v : "\"" + v + "\"").append('\n'));
        return out.toString();
    }

    static String userYaml(String service, ServiceConfig config) {
        StringBuilder out = new StringBuilder(GeneratedFiles.header("deploy/kafka/topics.txt and " + service + "'s messaging config",
                service + "'s Kafka identity (SCRAM-SHA-512; Strimzi puts its password and sasl.jaas.config in the\n"
                        + "Secret " + service + ") and ACLs allowing exactly what it uses: the topics it consumes (Read),\n"
                        + "publishes through its outbox and dead-letters to (Write), and its consumer groups."));
        out.append("apiVersion: kafka.strimzi.io/v1\nkind: KafkaUser\nmetadata:\n  name: ").append(service)
                .append("\n  labels:\n    strimzi.io/cluster: ").append(CLUSTER)
                .append("\n    app.kubernetes.io/name: ").append(service)
                .append("\n    app.kubernetes.io/part-of: orchestra\n    app.kubernetes.io/component: service\n")
                .append("spec:\n  authentication:\n    type: scram-sha-512\n  authorization:\n    type: simple\n    acls:\n");
        for (Acl acl : acls(service, config)) {
            // patternType literal is Strimzi's default (and its model leaves it out): only prefixes say so.
            out.append("      - resource:\n          type: ").append(acl.type()).append("\n          name: ").append(acl.name())
                    .append(acl.prefix() ? "\n          patternType: prefix" : "")
                    .append("\n        operations:\n");
            acl.operations().forEach(op -> out.append("          - ").append(op).append('\n'));
        }
        return out.toString();
    }

    /** The pod-resolved configuration of a service from its own kustomization (what its KafkaUser is derived from). */
    static ServiceConfig podConfig(String service) {
        List<ObjectNode> documents = Rendered.of(service);
        return ServiceConfig.inPod(service, documents);
    }
}
