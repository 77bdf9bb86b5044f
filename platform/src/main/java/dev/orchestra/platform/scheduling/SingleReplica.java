package dev.orchestra.platform.scheduling;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Background work that one replica does at a time (clean-ups, pruning): the work runs in one
 * transaction holding a PostgreSQL transaction-level advisory lock keyed by service and job name.
 * Another replica that fires the same schedule meanwhile finds the lock taken and skips its turn;
 * the lock goes with the transaction, so a crashed replica never holds it.
 */
@ApplicationScoped
public class SingleReplica {

    private static final Logger LOG = Logger.getLogger(SingleReplica.class);

    private final AgroalDataSource dataSource;
    private final String service;

    public SingleReplica(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.dataSource = dataSource;
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

    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
