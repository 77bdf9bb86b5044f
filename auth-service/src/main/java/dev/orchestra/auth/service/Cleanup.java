package dev.orchestra.auth.service;

import dev.orchestra.auth.repository.LoginFailureRepository;
import dev.orchestra.auth.repository.OneTimeTokenRepository;
import dev.orchestra.auth.repository.RefreshTokenRepository;
import dev.orchestra.auth.repository.SessionRepository;
import dev.orchestra.platform.scheduling.SingleReplica;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every hour, on one replica: ended sessions (with their refresh tokens), spent one-time tokens,
 * rotated refresh tokens past their lifetime, and failed logins older than the lockout window.
 */
@ApplicationScoped
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);

    /** What one clean-up removed. */
    public record Removed(long sessions, long oneTimeTokens, long refreshTokens, long loginFailures) {
    }

    private final SingleReplica singleReplica;
    private final SessionRepository sessions;
    private final OneTimeTokenRepository oneTimeTokens;
    private final RefreshTokenRepository refreshTokens;
    private final LoginFailureRepository failures;
    private final LoginLockout lockout;
    private final Clock clock;
    private final Duration refreshLifetime;

    public Cleanup(SingleReplica singleReplica, SessionRepository sessions, OneTimeTokenRepository oneTimeTokens,
                   RefreshTokenRepository refreshTokens, LoginFailureRepository failures, LoginLockout lockout, Clock clock,
                   @ConfigProperty(name = "orchestra.auth.refresh-token-lifetime") Duration refreshLifetime) {
        this.singleReplica = singleReplica;
        this.sessions = sessions;
        this.oneTimeTokens = oneTimeTokens;
        this.refreshTokens = refreshTokens;
        this.failures = failures;
        this.lockout = lockout;
        this.clock = clock;
        this.refreshLifetime = refreshLifetime;
    }

    /** Every replica's timer fires; one clean-up an hour runs across them all. */
    @Scheduled(every = "{orchestra.auth.cleanup-every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        singleReplica.runAtMostEvery("cleanup", Duration.ofHours(1), this::removeNow);
    }

    /** Runs a clean-up now unless another replica is running one; null when skipped. */
    public Removed run() {
        Removed[] removed = new Removed[1];
        singleReplica.run("cleanup", () -> removed[0] = removeNow());
        return removed[0];
    }

    private Removed removeNow() {
        Instant now = clock.instant();
        Removed removed = new Removed(
                sessions.deleteEnded(now),
                oneTimeTokens.deleteSpent(now),
                refreshTokens.deleteRotatedIssuedBefore(now.minus(refreshLifetime)),
                failures.deleteBefore(now.minus(lockout.window())));
        LOG.infof("cleanup: removed %s", removed);
        return removed;
    }
}
