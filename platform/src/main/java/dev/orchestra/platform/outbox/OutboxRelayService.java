package dev.orchestra.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Optional;
import dev.orchestra.platform.messaging.KafkaClientSettings;
import dev.orchestra.platform.persistence.Sql;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs this service's {@link OutboxRelay} from start to shutdown and reports the outbox's lag
 * ({@code orchestra_outbox_lag_seconds}: age of the oldest unpublished event), its size, and the
 * events published and moved aside.
 */
@ApplicationScoped
public class OutboxRelayService {

    private final OutboxSignal signal;
    private final Sql sql;
    private final MeterRegistry metrics;
    private final String service;
    private final String jdbcUrl;
    private final String user;
    private final Optional<String> password;
    private final KafkaClientSettings kafka;
    private final OutboxSettings settings;
    private OutboxRelay relay;
    private Runnable wake;

    public OutboxRelayService(OutboxSignal signal, Sql sql, MeterRegistry metrics,
                              @ConfigProperty(name = "quarkus.application.name") String service,
                              @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                              @ConfigProperty(name = "quarkus.datasource.username") String user,
                              @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                              KafkaClientSettings kafka, OutboxSettings settings) {
        this.signal = signal;
        this.sql = sql;
        this.metrics = metrics;
        this.service = service;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.kafka = kafka;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("orchestra.outbox.lag", this, OutboxRelayService::lagSeconds).baseUnit("seconds")
                .description("Age of the oldest event not yet published").register(metrics);
        Gauge.builder("orchestra.outbox.pending", this, OutboxRelayService::pending)
                .description("Events waiting in the outbox").register(metrics);
        Gauge.builder("orchestra.outbox.failed", this, OutboxRelayService::failed)
                .description("Events the broker could never accept, waiting in outbox_failed").register(metrics);
        if (!settings.relay().enabled()) {
            return;
        }
        // A connection of its own, outside the pool: the advisory lock lives as long as it does.
        relay = new OutboxRelay(service, () -> DriverManager.getConnection(jdbcUrl, user, password.orElse(null)),
                // The channels' connection settings (bootstrap, TLS, SASL), so an authenticated broker works here too.
                kafka.with(Map.of(
                        // Fail fast while the broker is away: the rows wait in the outbox anyway.
                        "delivery.timeout.ms", (int) settings.deliveryTimeout().toMillis(),
                        "request.timeout.ms", (int) Math.min(settings.deliveryTimeout().toMillis(), 10_000),
                        "max.block.ms", 5000)),
                settings.batchSize(), settings.pollInterval(), settings.lease());
        Gauge.builder("orchestra.outbox.published", relay, OutboxRelay::publishedCount)
                .description("Events published by this replica's relay").register(metrics);
        wake = relay::wake;
        signal.onWake(wake);
        relay.start();
    }

    /** The relay's thread survives its failures; should it end anyway, it is started again. */
    @io.quarkus.scheduler.Scheduled(every = "{orchestra.outbox.supervise-every:10s}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void supervise() {
        if (relay != null) {
            relay.ensureRunning();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (relay != null) {
            signal.remove(wake);
            relay.close();
        }
    }

    double lagSeconds() {
        return query("select coalesce(extract(epoch from now() - min(created_at)), 0) from outbox");
    }

    double failed() {
        return query("select count(*) from outbox_failed");
    }

    double pending() {
        return query("select count(*) from outbox");
    }

    private double query(String query) {
        try {
            return sql.queryOne(query, row -> row.getDouble(1)).orElse(0.0);
        } catch (RuntimeException e) {
            // A gauge reads while the database is away: no number rather than a failed scrape.
            return Double.NaN;
        }
    }
}
