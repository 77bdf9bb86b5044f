package dev.orchestra.platform.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests, against the broker that ./orchestra infra up runs. */
public final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    public static String bootstrapServers() {
        return System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    /** Creates the topics that do not exist yet (6 partitions, 4 MiB records). */
    public static void createTopics(String bootstrap, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = java.util.Arrays.stream(topics).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 6, (short) 1).configs(Map.of("max.message.bytes", "4325376"))).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().containsAll(List.of(topics)));
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + String.join(", ", topics), e);
        }
    }

    /** Sends one record and waits for the broker's ack. */
    public static void send(String topic, String key, byte[] value, Map<String, String> headers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4325376");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            RecordHeaders recordHeaders = new RecordHeaders();
            headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, null, key, value, recordHeaders)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /**
     * Moves a consumer group to the end of the topics, before its application starts: the shared
     * {@code test.} topics hold earlier runs' records, and a test run should see only its own.
     */
    public static void skipBacklog(String bootstrap, String group, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(partition -> latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not move " + group + " to the end of " + topics, e);
        }
    }
}
