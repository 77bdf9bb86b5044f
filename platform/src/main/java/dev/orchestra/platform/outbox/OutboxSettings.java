package dev.orchestra.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The outbox relay's settings ({@code orchestra.outbox.*}), in one place. The relay's Kafka producer
 * takes its connection settings (bootstrap, security, TLS) from the service's channels instead
 * ({@link dev.orchestra.platform.messaging.KafkaClientSettings}).
 */
@ConfigMapping(prefix = "orchestra.outbox")
public interface OutboxSettings {

    /** Events read and sent per round. */
    @WithDefault("500")
    int batchSize();

    /** How often the relay looks for events when no commit has woken it. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** How long the producer tries one send before the round gives up (the rows stay and are sent later). */
    @WithDefault("30s")
    Duration deliveryTimeout();

    /**
     * How long a frozen holder keeps the relay: its lock connection's idle_session_timeout, after which
     * PostgreSQL ends the session, frees the advisory lock and another replica's relay takes over.
     */
    @WithDefault("10s")
    Duration lease();

    /** How often a stopped relay thread is noticed and started again ({@code @Scheduled} reads the same key). */
    @WithDefault("10s")
    Duration superviseEvery();

    /**
     * How often expired one-time secrets are pruned from the outbox ({@code @Scheduled} reads the same key):
     * a failed row keeps a token at most this long past its expiry. The delete is cheap (both tables are small).
     */
    @WithDefault("1m")
    Duration pruneEvery();

    Relay relay();

    interface Relay {
        /** Off in tests that publish by hand, and in a process that must only write the outbox. */
        @WithName("enabled")
        @WithDefault("true")
        boolean enabled();
    }
}
