package dev.orchestra.engine.service;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.domain.ExtensionUpdate;
import dev.orchestra.engine.domain.InstalledExtension;
import dev.orchestra.engine.repository.ExtensionRepository;
import dev.orchestra.platform.scheduling.SingleReplica;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Extension updates: every {@code orchestra.engine.extensions.check-every} (6 hours), on one
 * replica (platform's {@link SingleReplica}), CheckExtensionUpdates with the installed set from
 * config; the answer replaces the stored one, which {@code GET /api/v1/extensions} serves. Every
 * replica's timer ticks often ({@code tick}); the job runs only when a period has passed since its
 * last successful run, so a check that failed (engine down) is tried again at the next tick
 * instead of six hours later, and the stored answer stays until one succeeds.
 */
@ApplicationScoped
public class ExtensionService {

    public static final String JOB = "extension-check";
    private static final Logger LOG = Logger.getLogger(ExtensionService.class);

    private final ExtensionRepository extensions;
    private final EngineClient engine;
    private final SingleReplica singleReplica;
    private final List<InstalledExtension> installed;
    private final Duration period;

    public ExtensionService(ExtensionRepository extensions, EngineClient engine, SingleReplica singleReplica,
                            @ConfigProperty(name = "orchestra.engine.extensions.installed") Optional<List<String>> installed,
                            @ConfigProperty(name = "orchestra.engine.extensions.check-every") Duration period) {
        this.extensions = extensions;
        this.engine = engine;
        this.singleReplica = singleReplica;
        this.installed = installed.orElse(List.of()).stream().map(InstalledExtension::parse).toList();
        this.period = period;
    }

    public record Updates(List<ExtensionUpdate> updates, Instant checkedAt) {
    }

    public Updates latest() {
        return new Updates(extensions.list(), extensions.checkedAt().orElse(null));
    }

    @Scheduled(every = "{orchestra.engine.extensions.tick}", delayed = "{orchestra.engine.extensions.first-tick-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("extension check failed (%s); tried again at the next tick", e.toString());
        }
    }

    /** The scheduled run: true when this replica checked now, false when the last check is recent enough (or running). */
    public boolean runIfDue() {
        return singleReplica.runAtMostEvery(JOB, period, this::checkNow);
    }

    /** Asks the engine now and stores its answer (in the caller's transaction, or one of its own). */
    @Transactional
    public void checkNow() {
        List<ExtensionUpdate> updates =
                EngineMessages.updates(engine.checkExtensionUpdates(EngineMessages.checkExtensionUpdates(installed)));
        extensions.replace(updates, installed.size());
        LOG.infof("extension check: %d update(s) for %d installed extension(s)", updates.size(), installed.size());
    }
}
