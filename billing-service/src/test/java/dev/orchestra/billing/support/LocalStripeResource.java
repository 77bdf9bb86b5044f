package dev.orchestra.billing.support;

import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.stripelocal.LocalStripe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
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
 * Before the application starts: the local Stripe (deploy/stripe-local) on a free port of this JVM,
 * with its committed TEST-ONLY API key and webhook secret, whose address and secrets become the
 * service's Stripe config; the test topics; and this service's consumer groups moved to the end of
 * {@code test.auth.users.v1} — other modules' tests publish there, and this run should see only the
 * events its own tests publish. Webhooks go to the service once its port is known ({@link BillingTest}).
 */
public class LocalStripeResource implements QuarkusTestResourceLifecycleManager {

    public static final String USERS_TOPIC = "test.auth.users.v1";
    public static final String SUBSCRIPTIONS_TOPIC = "test.billing.subscriptions.v1";

    private static volatile LocalStripe stripe;

    /** The local Stripe of this test run. */
    public static LocalStripe stripe() {
        return stripe;
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaTestSupport.bootstrapServers();
        KafkaTestSupport.createTopics(bootstrap, USERS_TOPIC, USERS_TOPIC + ".billing-service.dlq", SUBSCRIPTIONS_TOPIC);
        skipBacklog(bootstrap, "test.billing-service", List.of(USERS_TOPIC));
        skipBacklog(bootstrap, "test.billing-service-revocations", List.of(USERS_TOPIC));
        stripe = start(0);
        Map<String, String> config = new HashMap<>();
        config.put("orchestra.billing.stripe.api-base", stripe.baseUrl());
        config.put("orchestra.billing.stripe.api-key", LocalStripe.TEST_ONLY_API_KEY);
        config.put("orchestra.billing.stripe.webhook-secret", LocalStripe.TEST_ONLY_WEBHOOK_SECRET);
        return config;
    }

    /**
     * Stripe unreachable: the server stops (connections to its port are refused) until
     * {@link #startAgain}, which starts a new one on the same port (with nothing in it).
     */
    public static int stopForAWhile() {
        int port = stripe.port();
        stripe.close();
        return port;
    }

    public static LocalStripe startAgain(int port) {
        stripe = start(port);
        return stripe;
    }

    private static LocalStripe start(int port) {
        return LocalStripe.builder()
                .port(port)
                .apiKey(LocalStripe.TEST_ONLY_API_KEY)
                .webhookSecret(LocalStripe.TEST_ONLY_WEBHOOK_SECRET)
                // Retries of a failed delivery come quickly and give up soon: tests never wait for them.
                .retries(Duration.ofMillis(200), Duration.ofSeconds(1), 3)
                .deliveryTimeout(Duration.ofSeconds(5))
                .start();
    }

    @Override
    public void stop() {
        if (stripe != null) {
            stripe.close();
            stripe = null;
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
