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

    /** A published event: its record key, its headers (last value of each) and its decoded envelope. */
    public record Published<T>(String key, java.util.Map<String, String> headers, T envelope) {
        public String ceType() {
            return headers.get("ce_type");
        }
    }

    /**
     * Waits for an event of this topic that decodes with {@code parser} and matches: for
     * {@code users.awaitEvent(UserEnvelope.parser(), e -> e.envelope().hasUserRegistered())}.
     */
    public <T extends com.google.protobuf.Message> Published<T> awaitEvent(com.google.protobuf.Parser<T> parser,
                                                                          Predicate<Published<T>> match) {
        java.util.concurrent.atomic.AtomicReference<Published<T>> found = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : records()) {
                Published<T> event = decode(record, parser);
                if (event != null && match.test(event)) {
                    found.set(event);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private static <T extends com.google.protobuf.Message> Published<T> decode(ConsumerRecord<String, byte[]> record,
                                                                              com.google.protobuf.Parser<T> parser) {
        try {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null
                    : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
            return new Published<>(record.key(), headers,
                    new dev.orchestra.platform.messaging.EnvelopeDeserializer<>(parser).deserialize(record.topic(), record.value()));
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
