package dev.orchestra.billing.support;

import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.stripelocal.LocalStripe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        KafkaTestSupport.skipBacklog(bootstrap, "test.billing-service", List.of(USERS_TOPIC));
        KafkaTestSupport.skipBacklog(bootstrap, "test.billing-service-revocations", List.of(USERS_TOPIC));
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

}
