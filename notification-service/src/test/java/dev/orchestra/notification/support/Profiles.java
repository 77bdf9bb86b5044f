package dev.orchestra.notification.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The test profiles besides the default one. Both take this service's own consumers off Kafka
 * ({@code enabled=false} on its three channels): no record of another module's tests (they publish to
 * the same test topics) can record a delivery, wake a sender or take a test's claim.
 */
public final class Profiles {

    private Profiles() {
    }

    /**
     * No sender threads: the test drives {@code DeliverySender.attemptNext()} itself and moves the
     * clock, with the retry schedule exactly as shipped in application.properties. Sends may take
     * 20 s (a stalled server is released well before).
     */
    public static class SenderByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = consumersOff();
            put(config, "orchestra.notification.sender.enabled", "false");
            put(config, "orchestra.notification.sender.send-timeout", "20s");
            put(config, "orchestra.notification.retry.backoff", shipped("orchestra.notification.retry.backoff"));
            put(config, "orchestra.notification.retry.window", shipped("orchestra.notification.retry.window"));
            // GreenMail logs each mail it refuses (TestSmtp.refuse) with a stack trace.
            put(config, "quarkus.log.category.\"com.icegreen\".level", "OFF");
            return config;
        }
    }

    /** Sender threads that sweep only once an hour: whatever they send promptly, a commit woke them for. */
    public static class HourlySweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = consumersOff();
            put(config, "orchestra.notification.sender.sweep-every", "1h");
            return config;
        }
    }

    /** A value of application.properties as shipped (not the test profile's). */
    public static String shipped(String key) {
        Properties properties = new Properties();
        try (InputStream in = Profiles.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not in application.properties");
        }
        return value;
    }

    private static Map<String, String> consumersOff() {
        Map<String, String> config = new HashMap<>();
        for (String channel : new String[] {"tokens", "users", "subscriptions"}) {
            put(config, "mp.messaging.incoming." + channel + ".enabled", "false");
        }
        return config;
    }

    /** Both spellings: the test profile's own value in application.properties must not win. */
    private static void put(Map<String, String> config, String key, String value) {
        config.put(key, value);
        config.put("%test." + key, value);
    }
}
