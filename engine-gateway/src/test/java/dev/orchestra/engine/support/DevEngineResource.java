package dev.orchestra.engine.support;

import dev.orchestra.platform.testing.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

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
        skipBacklog(bootstrap, "test.engine-gateway", List.of(PROJECT_TOPIC, USERS_TOPIC));
        skipBacklog(bootstrap, "test.engine-gateway-revocations", List.of(USERS_TOPIC));
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

    private static void skipBacklog(String bootstrap, String group, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            Set<TopicPartition> partitions = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not move " + group + " to the end of " + topics, e);
        }
    }
}
