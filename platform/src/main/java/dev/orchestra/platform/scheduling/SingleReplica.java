package dev.orchestra.platform.scheduling;

import dev.orchestra.platform.persistence.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Background work that one replica does (clean-ups, pruning): the work runs in one transaction
 * holding a PostgreSQL transaction-level advisory lock keyed by service and job name, so two
 * replicas never run it at once; the lock goes with the transaction, so a crashed replica never
 * holds it. {@link #runAtMostEvery} also records when the job last ran (table
 * {@code scheduled_jobs}), so that every replica firing the same schedule — at the same second or
 * minutes apart — makes one run per period in all.
 */
@ApplicationScoped
public class SingleReplica {

    private static final Logger LOG = Logger.getLogger(SingleReplica.class);
    /** Timers of one schedule drift a little: a run this close to a full period after the last one counts as due. */
    private static final double DUE_FRACTION = 0.95;

    private final Sql sql;
    private final Clock clock;
    private final String service;

    public SingleReplica(Sql sql, Clock clock, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.sql = sql;
        this.clock = clock;
        this.service = service;
    }

    /** Runs the work in a new transaction unless another replica is running this job: true when it ran. */
    public boolean run(String job, Runnable work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!tryLock(job)) {
                LOG.debugf("%s: another replica runs it; skipped", job);
                return false;
            }
            work.run();
            return true;
        });
    }

    /**
     * Runs the work unless another replica is running it or ran it less than (about) a period ago:
     * true when it ran. For scheduled jobs that every replica fires.
     */
    public boolean runAtMostEvery(String job, Duration period, Runnable work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!tryLock(job)) {
                LOG.debugf("%s: another replica runs it; skipped", job);
                return false;
            }
            Instant now = clock.instant();
            Instant last = lastRun(job);
            if (last != null && Duration.between(last, now).toMillis() < period.toMillis() * DUE_FRACTION) {
                LOG.debugf("%s: ran at %s, less than %s ago; skipped", job, last, period);
                return false;
            }
            work.run();
            recordRun(job, now);
            return true;
        });
    }

    private boolean tryLock(String job) {
        return sql.queryOne("select pg_try_advisory_xact_lock(?)", row -> row.getBoolean(1), key(service + "/" + job)).orElse(false);
    }

    private Instant lastRun(String job) {
        return sql.queryOne("select last_run_at from scheduled_jobs where job = ?", row -> Sql.instant(row, "last_run_at"), job)
                .orElse(null);
    }

    private void recordRun(String job, Instant at) {
        sql.execute("insert into scheduled_jobs (job, last_run_at) values (?, ?) "
                + "on conflict (job) do update set last_run_at = excluded.last_run_at", job, at);
    }

    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
