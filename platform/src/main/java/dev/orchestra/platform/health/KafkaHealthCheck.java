package dev.orchestra.platform.health;

import dev.orchestra.platform.messaging.KafkaClientSettings;
import io.smallrye.health.api.HealthGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Kafka, reported on its own ({@code /q/health/group/dependencies}): while the broker is down the
 * service stays ready and keeps answering, and the outbox holds its events (docs/architecture.md section 8).
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private final KafkaClientSettings kafka;
    private Admin admin;

    public KafkaHealthCheck(KafkaClientSettings kafka) {
        this.kafka = kafka;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        try {
            if (admin == null) {
                admin = Admin.create(kafka.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000)));
            }
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).size();
            return HealthCheckResponse.named("Kafka").up().withData("brokers", brokers).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("Kafka").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
