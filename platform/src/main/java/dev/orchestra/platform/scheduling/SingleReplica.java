package dev.orchestra.platform.scheduling;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final String service;

    public SingleReplica(AgroalDataSource dataSource, Clock clock,
                         @ConfigProperty(name = "quarkus.application.name") String service) {
        this.dataSource = dataSource;
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
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, key(service + "/" + job));
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the lock of " + job, e);
        }
    }

    private Instant lastRun(String job) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select last_run_at from scheduled_jobs where job = ?")) {
            query.setString(1, job);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getTimestamp(1).toInstant() : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read when " + job + " last ran", e);
        }
    }

    private void recordRun(String job, Instant at) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("insert into scheduled_jobs (job, last_run_at) values (?, ?) "
                     + "on conflict (job) do update set last_run_at = excluded.last_run_at")) {
            upsert.setString(1, job);
            upsert.setTimestamp(2, Timestamp.from(at));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the run of " + job, e);
        }
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
