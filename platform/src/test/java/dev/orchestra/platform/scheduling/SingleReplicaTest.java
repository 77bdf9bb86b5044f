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
}
