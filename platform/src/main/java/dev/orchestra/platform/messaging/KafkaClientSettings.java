package dev.orchestra.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connection settings of the service's Kafka channels — every {@code kafka.*} property that says
 * where the brokers are and how to reach them: bootstrap servers, security protocol, TLS and SASL —
 * for the clients platform makes itself (the outbox relay's producer, the health check's admin
 * client), so that a broker with authentication works for them as it does for the channels.
 */
@ApplicationScoped
public class KafkaClientSettings {

    private final Map<String, Object> connection;

    @Inject
    public KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> broker,
                               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Map<String, Object> kept = new TreeMap<>(connectionPart(broker));
        // The resolved value, as the channels get it: the map may hold an environment variable's
        // spelling that a higher-ordinal source (a test profile, say) overrides.
        kept.put("bootstrap.servers", bootstrapServers);
        this.connection = Map.copyOf(kept);
    }

    KafkaClientSettings(Map<String, Object> broker) {
        this.connection = connectionPart(broker);
    }

    /** Only the connection's part: producer-, consumer- and channel-specific settings stay with their owners. */
    static Map<String, Object> connectionPart(Map<String, Object> broker) {
        Map<String, Object> kept = new TreeMap<>();
        broker.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.equals("security.protocol") || key.equals("client.dns.lookup")
                    || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                kept.put(key, value);
            }
        });
        return Map.copyOf(kept);
    }

    /** The connection settings with the client's own on top. */
    public Map<String, Object> with(Map<String, Object> clientSettings) {
        Map<String, Object> all = new HashMap<>(connection);
        all.putAll(clientSettings);
        return all;
    }

    /** The connection settings alone (secrets included: never log them). */
    public Map<String, Object> connection() {
        return connection;
    }
}
