package dev.orchestra.platform.messaging;

import dev.orchestra.platform.testing.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The probe channel's topics exist before the application subscribes to them. */
public class ProbeTopics implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC = "test.platform.probe.v1";
    public static final String DLQ = "test.platform.probe.v1.platform-test.dlq";

    @Override
    public Map<String, String> start() {
        KafkaTestSupport.createTopics(KafkaTestSupport.bootstrapServers(), TOPIC, DLQ);
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
