package dev.orchestra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The module tests' ground: the real PostgreSQL and Kafka broker that ./orchestra infra up started,
 * set up as docs/architecture.md sections 4, 5 and 7 say.
 */
class LocalInfrastructureTest {

    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String JDBC_URL = "jdbc:postgresql://" + System.getenv().getOrDefault("ORCHESTRA_DB_HOST", "127.0.0.1")
            + ":" + System.getenv().getOrDefault("ORCHESTRA_DB_PORT", "5432") + "/orchestra_test";

    @Test
    void postgresHasTheTestDatabaseWithOneSchemaPerRole() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL, "platform", "platform-local-only");
             Statement statement = connection.createStatement()) {
            statement.execute("create temporary table smoke (id int primary key, note text)");
            statement.execute("insert into smoke values (1, 'written')");
            try (ResultSet rows = statement.executeQuery(
                    "select note, current_user, current_schema(), version() from smoke")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("written");
                assertThat(rows.getString(2)).isEqualTo("platform");
                assertThat(rows.getString(3)).isEqualTo("platform");
                assertThat(rows.getString(4)).startsWith("PostgreSQL");
            }
            try (ResultSet rows = statement.executeQuery(
                    "select nspname, pg_get_userbyid(nspowner) from pg_namespace "
                            + "where nspname in ('auth','project','sync','billing','notification','engine') order by 1")) {
                List<String> owners = new ArrayList<>();
                while (rows.next()) {
                    assertThat(rows.getString(2)).isEqualTo(rows.getString(1));
                    owners.add(rows.getString(1));
                }
                assertThat(owners).containsExactly("auth", "billing", "engine", "notification", "project", "sync");
            }
        }
    }

    @Test
    void kafkaHasTheTestTopicsAndCarriesFourMebibyteRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            var topics = admin.describeTopics(List.of("test.auth.users.v1", "test.project.events.v1",
                    "test.auth.users.v1.sync-service.dlq")).allTopicNames().get();
            assertThat(topics.get("test.auth.users.v1").partitions()).hasSize(6);
            assertThat(topics.get("test.project.events.v1").partitions()).hasSize(6);
            assertThat(admin.listTopics().names().get())
                    .contains("auth.tokens.v1", "sync.pokes.v1", "billing.subscriptions.v1.auth-service.dlq")
                    .doesNotContain("sync.pokes.v1.sync-service.dlq");

            var tokens = new ConfigResource(ConfigResource.Type.TOPIC, "auth.tokens.v1");
            var events = new ConfigResource(ConfigResource.Type.TOPIC, "test.project.events.v1");
            var deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, "test.auth.users.v1.sync-service.dlq");
            // The dead letters of one-time tokens: a day, like their source (a week is the broker's default).
            var tokenDeadLetters = new ConfigResource(ConfigResource.Type.TOPIC, "auth.tokens.v1.notification-service.dlq");
            var configs = admin.describeConfigs(List.of(tokens, events, deadLetters, tokenDeadLetters)).all().get();
            // Each topic's retention is topics.txt's (an erased user's data leaves Kafka by it); a DLQ takes its source's.
            for (ConfigResource dayLong : List.of(tokens, tokenDeadLetters)) {
                assertThat(configs.get(dayLong).get("retention.ms").value()).as(dayLong.name()).isEqualTo("86400000");
                assertThat(configs.get(dayLong).get("segment.ms").value()).as(dayLong.name()).isEqualTo("3600000");
            }
            for (ConfigResource weekLong : List.of(events, deadLetters)) {
                assertThat(configs.get(weekLong).get("retention.ms").value()).as(weekLong.name()).isEqualTo("604800000");
                assertThat(configs.get(weekLong).get("segment.ms").value()).as(weekLong.name()).isEqualTo("86400000");
            }
            assertThat(Long.parseLong(configs.get(events).get("max.message.bytes").value())).isGreaterThan(4 * 1024 * 1024);

            // A topic of its own without overrides: the broker's defaults must carry 4 MiB records too.
            String topic = "test.smoke." + UUID.randomUUID();
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try {
                byte[] fourMebibytes = new byte[4 * 1024 * 1024];
                Arrays.fill(fourMebibytes, (byte) 'x');
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    producer.send(new ProducerRecord<>(topic, "user-1", fourMebibytes)).get();
                }
                try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                    consumer.subscribe(List.of(topic));
                    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                    }
                    assertThat(received).hasSize(1);
                    assertThat(received.get(0).key()).isEqualTo("user-1");
                    assertThat(received.get(0).value()).isEqualTo(fourMebibytes);
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    /** The broker ./orchestra runs is the release of the clients the services use (the BOM's kafka-clients). */
    @Test
    void theLocalBrokerIsTheReleaseOfTheClients() throws Exception {
        String clients = org.apache.kafka.common.utils.AppInfoParser.getVersion();
        java.nio.file.Path libs = java.nio.file.Path.of(System.getProperty("orchestra.root", ".."), ".orchestra/kafka/libs");
        try (var jars = java.nio.file.Files.list(libs)) {
            assertThat(jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kafka_2.13-")))
                    .containsExactly("kafka_2.13-" + clients + ".jar");
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4325376");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test.smoke-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4325376");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
