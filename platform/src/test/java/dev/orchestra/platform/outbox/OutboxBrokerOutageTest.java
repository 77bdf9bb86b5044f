package dev.orchestra.platform.outbox;

import static dev.orchestra.platform.outbox.OutboxTestSupport.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TestBroker;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away for longer than the producer's delivery timeout while the service keeps writing:
 * writes succeed, the outbox holds the events, and when the broker is back every event arrives,
 * once, each entity's in order. The broker is one of the test's own, so the stack's is untouched.
 */
@QuarkusTest
class OutboxBrokerOutageTest {

    private static final Logger LOG = Logger.getLogger(OutboxBrokerOutageTest.class);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anOutageLongerThanTheDeliveryTimeoutDelaysEventsAndLosesNone() throws Exception {
        TestDatabase.clean(dataSource);
        List<UUID> entities = OutboxTestSupport.entities(dataSource, 5);
        try (TestBroker broker = new TestBroker()) {
            broker.start();
            KafkaTestSupport.createTopics(broker.bootstrapServers(), TOPIC);
            Map<String, Object> kafka = Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    "delivery.timeout.ms", (int) DELIVERY_TIMEOUT.toMillis(),
                    "request.timeout.ms", 1000,
                    "max.block.ms", 2000,
                    "reconnect.backoff.max.ms", 500);
            try (OutboxRelay relay = OutboxTestSupport.relay(kafka, Duration.ofMillis(50));
                 TopicRecorder topic = TopicRecorder.of(broker.bootstrapServers(), TOPIC)) {
                relay.start();
                writeRound(entities, 10);
                topic.await(r -> true, 50, Duration.ofSeconds(30));

                broker.stop();
                long downAt = System.nanoTime();
                writeRound(entities, 10);
                // A failed round means a send waited out the delivery timeout: the outage is longer.
                await().atMost(Duration.ofSeconds(60)).until(() -> relay.failedAttempts() >= 2);
                assertThat(count("outbox")).as("events held while Kafka is down").isEqualTo(50);
                writeRound(entities, 10);
                Duration outage = Duration.ofNanos(System.nanoTime() - downAt);
                assertThat(outage).isGreaterThan(DELIVERY_TIMEOUT);

                broker.start();
                long upAt = System.nanoTime();
                List<ConsumerRecord<String, byte[]>> records = topic.await(r -> true, 150, Duration.ofSeconds(90));
                Duration drained = Duration.ofNanos(System.nanoTime() - upAt);
                LOG.infof("outage of %d ms (delivery timeout %d ms, %d failed relay rounds); 100 events held, all delivered %d ms after the broker came back",
                        outage.toMillis(), DELIVERY_TIMEOUT.toMillis(), relay.failedAttempts(), drained.toMillis());

                Map<UUID, Long> versions = new HashMap<>();
                entities.forEach(e -> versions.put(e, 30L));
                OutboxTestSupport.assertDeliveredOnceInVersionOrder(OutboxTest.sortedByOffsetPerPartition(topic.records()), versions);
                assertThat(records).hasSize(150);
                await().atMost(Duration.ofSeconds(10)).until(() -> count("outbox") == 0);
            }
        }
    }

    private void writeRound(List<UUID> entities, int times) {
        for (int i = 0; i < times; i++) {
            for (UUID entity : entities) {
                OutboxTestSupport.write(dataSource, outbox, entity);
            }
        }
    }

    long count(String table) {
        return TestDatabase.count(dataSource, table);
    }
}
