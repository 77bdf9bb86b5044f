package dev.orchestra.billing.service;

import dev.orchestra.billing.repository.AttemptRepository;
import dev.orchestra.billing.repository.EventRepository;
import dev.orchestra.platform.scheduling.SingleReplica;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the event table and the attempt ledger to {@code orchestra.billing.retention} (30 days, as
 * long as Stripe lists events): on one replica, every {@code orchestra.billing.prune-every}.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final EventRepository events;
    private final AttemptRepository attempts;
    private final SingleReplica singleReplica;
    private final Clock clock;
    private final Duration retention;

    public Housekeeping(EventRepository events, AttemptRepository attempts, SingleReplica singleReplica, Clock clock,
                        @ConfigProperty(name = "orchestra.billing.retention") Duration retention) {
        this.events = events;
        this.attempts = attempts;
        this.singleReplica = singleReplica;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(identity = "billing-prune", every = "{orchestra.billing.prune-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            singleReplica.run("billing-prune", () -> {
                Instant before = clock.instant().minus(retention);
                int prunedEvents = events.prune(before);
                int prunedAttempts = attempts.prune(before);
                if (prunedEvents + prunedAttempts > 0) {
                    LOG.infof("pruned %d Stripe events and %d attempts older than %s", prunedEvents, prunedAttempts, before);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("pruning failed (%s); tried again next time", e.toString());
        }
    }
}
