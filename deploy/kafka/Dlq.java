import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * ./orchestra dlq list|show|replay: what sits in the consumers' dead-letter topics
 * ({@code <topic>.<consumer>.dlq}), and putting it back.
 *
 * <p>Replay re-publishes a DLQ's records on their source topic with the header
 * {@code orchestra-replay-for: <consumer>}: the platform's consumers skip a record addressed to
 * another consumer, so replaying one consumer's failures never re-delivers to the others. Progress
 * is kept as the committed offset of the group {@code orchestra-dlq-replay} on the DLQ, so a record
 * is replayed once; {@code list} shows what is waiting beyond it.
 */
public class Dlq {

    static final String REPLAY_GROUP = "orchestra-dlq-replay";
    static final String REPLAY_HEADER = "orchestra-replay-for";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String command = args.length > 1 ? args[1] : "list";
        switch (command) {
            case "list" -> list(bootstrap);
            case "show" -> show(bootstrap, topicArg(args));
            case "replay" -> replay(bootstrap, topicArg(args));
            default -> {
                System.err.println("usage: dlq list | show DLQ_TOPIC | replay DLQ_TOPIC");
                System.exit(2);
            }
        }
    }

    static String topicArg(String[] args) {
        if (args.length < 3 || !args[2].endsWith(".dlq")) {
            System.err.println("name a dead-letter topic (<topic>.<consumer>.dlq); './orchestra dlq list' shows them");
            System.exit(2);
        }
        return args[2];
    }

    static void list(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            TreeSet<String> dlqs = admin.listTopics().names().get().stream()
                    .filter(t -> t.endsWith(".dlq"))
                    .collect(Collectors.toCollection(TreeSet::new));
            System.out.printf("%-70s %8s %8s%n", "DEAD-LETTER TOPIC", "RECORDS", "WAITING");
            for (String dlq : dlqs) {
                List<TopicPartition> partitions = partitions(consumer, dlq);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<TopicPartition, OffsetAndMetadata> replayed = consumer.committed(new java.util.HashSet<>(partitions));
                long total = 0;
                long waiting = 0;
                for (TopicPartition tp : partitions) {
                    total += end.get(tp) - begin.get(tp);
                    OffsetAndMetadata done = replayed.get(tp);
                    waiting += end.get(tp) - Math.max(begin.get(tp), done == null ? 0 : done.offset());
                }
                System.out.printf("%-70s %8d %8d%n", dlq, total, waiting);
            }
        }
    }

    static void show(String bootstrap, String dlq) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, dlq)) {
                System.out.printf("--- %s-%d@%d  %s%n", record.topic(), record.partition(), record.offset(),
                        Instant.ofEpochMilli(record.timestamp()));
                System.out.printf("key: %s%n", record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8));
                for (Header header : record.headers()) {
                    System.out.printf("%s: %s%n", header.key(),
                            header.value() == null ? "null" : new String(header.value(), StandardCharsets.UTF_8));
                }
                byte[] value = record.value();
                int shown = value == null ? 0 : Math.min(value.length, 64);
                System.out.printf("value: %d bytes%s%n", value == null ? 0 : value.length,
                        shown == 0 ? "" : ", starts " + HexFormat.of().formatHex(value, 0, shown));
            }
        }
    }

    static void replay(String bootstrap, String dlq) {
        String withoutSuffix = dlq.substring(0, dlq.length() - ".dlq".length());
        String consumerName = withoutSuffix.substring(withoutSuffix.lastIndexOf('.') + 1);
        String sourceTopic = withoutSuffix.substring(0, withoutSuffix.lastIndexOf('.'));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4325376");
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
             KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = partitions(consumer, dlq);
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> done = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                if (done.get(tp) != null) {
                    consumer.seek(tp, done.get(tp));
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    RecordHeaders headers = new RecordHeaders();
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("dead-letter-") && !header.key().equals(REPLAY_HEADER)) {
                            headers.add(header);
                        }
                    }
                    headers.add(REPLAY_HEADER, consumerName.getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(new ProducerRecord<>(sourceTopic, null, record.key(), record.value(), headers)));
                    replayed++;
                }
                producer.flush();
                // Progress is committed only for what the broker acknowledged: a failed send stops
                // the replay here and the next one starts from the same record.
                for (var future : sent) {
                    try {
                        future.get();
                    } catch (Exception e) {
                        System.err.println("replay stopped, nothing after the last acknowledged record was committed: " + e.getMessage());
                        System.exit(1);
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> progress = new java.util.HashMap<>();
                for (TopicPartition tp : partitions) {
                    progress.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                consumer.commitSync(progress);
            }
        }
        System.out.printf("replayed %d record(s) from %s to %s for %s%n", replayed, dlq, sourceTopic, consumerName);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        var infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            System.err.println("no such topic: " + topic);
            System.exit(1);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4325376");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
