package dev.orchestra.sync.service;

import dev.orchestra.platform.scheduling.SingleReplica;
import dev.orchestra.sync.repository.ChangeLogRepository;
import dev.orchestra.sync.repository.RejectionRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The log keeps 30 days: once a day, on one replica, older changes and rejections go, and each
 * user's pruned mark moves up, so that only a cursor behind pruned changes must resync.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final SingleReplica singleReplica;
    private final ChangeLogRepository log;
    private final RejectionRepository rejections;
    private final Clock clock;
    private final Duration keep;
    private final DeviceService devices;

    public Retention(SingleReplica singleReplica, ChangeLogRepository log, RejectionRepository rejections, Clock clock,
                     @ConfigProperty(name = "orchestra.sync.log-retention", defaultValue = "P30D") Duration keep,
                     DeviceService devices) {
        this.devices = devices;
        this.singleReplica = singleReplica;
        this.log = log;
        this.rejections = rejections;
        this.clock = clock;
        this.keep = keep;
    }

    @Scheduled(cron = "{orchestra.sync.prune-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        // Every replica's cron fires; one prune a day runs across them all.
        singleReplica.runAtMostEvery("prune-log", Duration.ofDays(1), this::pruneNow);
    }

    /** Prunes now (unless another replica is pruning); returns the changes dropped, or -1 when skipped. */
    public int prune() {
        int[] dropped = {-1};
        singleReplica.run("prune-log", () -> dropped[0] = pruneNow());
        return dropped[0];
    }

    private int pruneNow() {
        Instant cutoff = clock.instant().minus(keep);
        int dropped = log.pruneBefore(cutoff);
        int rejected = rejections.pruneBefore(cutoff);
        log.prunePrunedTombstones();
        int forgotten = devices.forgetIdle();
        LOG.infof("retention: dropped %d changes and %d rejections older than %s; forgot %d idle devices", dropped, rejected,
                cutoff, forgotten);
        return dropped;
    }
}
