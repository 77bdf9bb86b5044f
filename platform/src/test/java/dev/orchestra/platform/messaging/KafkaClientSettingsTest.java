package dev.orchestra.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.testing.KafkaTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clients platform makes itself connect as the channels do. */
@QuarkusTest
class KafkaClientSettingsTest {

    @Inject
    KafkaClientSettings settings;

    @Test
    void theApplicationsKafkaSettingsReachPlatformsOwnClients() {
        assertThat(settings.connection()).containsEntry("bootstrap.servers", KafkaTestSupport.bootstrapServers());
    }

    @Test
    void securityTlsAndSaslAreKeptAndChannelSettingsAreNot() {
        Map<String, Object> broker = Map.of("bootstrap.servers", "kafka:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12", "auto.offset.reset", "earliest", "group.id", "someone");
        KafkaClientSettings kafka = new KafkaClientSettings(broker);
        assertThat(kafka.connection()).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(kafka.with(Map.of("max.block.ms", 5000))).containsEntry("max.block.ms", 5000)
                .containsEntry("security.protocol", "SASL_SSL");
    }
}
