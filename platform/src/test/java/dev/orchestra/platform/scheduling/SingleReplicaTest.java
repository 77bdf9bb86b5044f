package dev.orchestra.platform.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SingleReplicaTest {

    @Inject
    SingleReplica singleReplica;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void whileOneReplicaRunsAJobAnotherSkipsItAndRunsItAgainOnceItIsDone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> singleReplica.run("cleanup", () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        // The same job elsewhere skips; another job does not wait for this one.
        assertThat(singleReplica.run("cleanup", runs::incrementAndGet)).isFalse();
        assertThat(singleReplica.run("other-job", () -> { })).isTrue();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(singleReplica.run("cleanup", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aPeriodicJobRunsOncePerPeriodWhicheverReplicasFireIt() {
        AtomicInteger runs = new AtomicInteger();
        String job = "hourly-" + java.util.UUID.randomUUID();
        java.time.Duration hour = java.time.Duration.ofHours(1);
        assertThat(singleReplica.runAtMostEvery(job, hour, runs::incrementAndGet)).isTrue();
        // Another replica firing the same schedule a little later skips its turn.
        assertThat(singleReplica.runAtMostEvery(job, hour, runs::incrementAndGet)).isFalse();
        assertThat(runs).hasValue(1);
        // Once the last run is a period old (timers drift: 95 % counts), it is due again.
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("update scheduled_jobs set last_run_at = now() - interval '58 minutes' where job = '" + job + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(singleReplica.runAtMostEvery(job, hour, runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
        assertThat(singleReplica.runAtMostEvery(job, hour, runs::incrementAndGet)).isFalse();
    }
}
