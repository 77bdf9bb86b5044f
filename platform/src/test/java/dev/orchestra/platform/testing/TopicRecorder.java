package dev.orchestra.platform.testing;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records what is published to a topic from the moment it is made, for assertions on key, headers
 * and payload: {@code try (var users = TopicRecorder.of("test.auth.users.v1")) { ...; users.await(r -> ...); }}.
 */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    private TopicRecorder(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test.recorder-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4325376");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    public static TopicRecorder of(String topic) {
        return new TopicRecorder(KafkaTestSupport.bootstrapServers(), topic);
    }

    public static TopicRecorder of(String bootstrap, String topic) {
        return new TopicRecorder(bootstrap, topic);
    }

    /** Everything recorded so far, after one more poll. */
    public synchronized List<ConsumerRecord<String, byte[]>> records() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Waits until {@code count} recorded records match, and returns those. */
    public List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> records().stream().filter(match).count() >= count);
        return records().stream().filter(match).toList();
    }

    public ConsumerRecord<String, byte[]> awaitOne(Predicate<ConsumerRecord<String, byte[]>> match) {
        return await(match, 1, Duration.ofSeconds(30)).get(0);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
