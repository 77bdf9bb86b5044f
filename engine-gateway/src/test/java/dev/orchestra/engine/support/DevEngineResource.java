package dev.orchestra.engine.support;

import dev.orchestra.platform.testing.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * Before the application starts: a free port for the development engine (the tests start and stop
 * it there, {@link TestEngine}), the test topics, and this service's consumer groups moved to the
 * end of their topics — other modules' tests publish to the same "test." topics, and this run
 * should see only the events its own tests publish, not every earlier run's backlog.
 */
public class DevEngineResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROJECT_TOPIC = "test.project.events.v1";
    public static final String USERS_TOPIC = "test.auth.users.v1";

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaTestSupport.bootstrapServers();
        KafkaTestSupport.createTopics(bootstrap, PROJECT_TOPIC, USERS_TOPIC, PROJECT_TOPIC + ".engine-gateway.dlq",
                USERS_TOPIC + ".engine-gateway.dlq");
        KafkaTestSupport.skipBacklog(bootstrap, "test.engine-gateway", List.of(PROJECT_TOPIC, USERS_TOPIC));
        KafkaTestSupport.skipBacklog(bootstrap, "test.engine-gateway-revocations", List.of(USERS_TOPIC));
        return Map.of("orchestra.engine.address", "127.0.0.1:" + freePort());
    }

    @Override
    public void stop() {
        TestEngine.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

}
