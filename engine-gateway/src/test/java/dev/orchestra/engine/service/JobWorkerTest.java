package dev.orchestra.engine.service;

import static dev.orchestra.engine.support.Events.fileDeleted;
import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.repository.AccountRepository;
import dev.orchestra.engine.repository.JobRepository;
import dev.orchestra.engine.repository.UserLocks;
import dev.orchestra.engine.support.EngineCalls;
import dev.orchestra.engine.support.EngineCalls.Call;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The job worker's life: stopped and started again over pending rows, and surviving what it does not expect. */
@QuarkusTest
class JobWorkerTest extends EngineGatewayTest {

    @Inject
    JobWorker worker;

    @Inject
    Sql sql;

    @Inject
    AccountRepository accounts;

    @Inject
    UserLocks locks;

    @Inject
    EngineClient engine;

    @Inject
    MeterRegistry metrics;

    @Test
    void pendingRowsLeftAtAStopDrainWhenTheWorkerStartsAgain() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID edited = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        UUID removed = UUID.randomUUID();
        UUID leftInFlight = UUID.randomUUID();
        projectCreated(user, project);
        // As at shutdown: the worker stops; the consumers go on queueing rows.
        worker.stop(null);
        try {
            fileUpserted(user, project, edited, "edited.txt", "a puffin\n", 1);
            fileUpserted(user, project, edited, "edited.txt", "a razorbill\n", 2);
            fileUpserted(user, project, added, "added.txt", "a skua\n", 1);
            fileUpserted(user, project, removed, "removed.txt", "a gannet\n", 1);
            ProjectEnvelope last = fileDeleted(user, project, removed, 2);
            awaitConsumed(last);
            // And a row as a process that died mid-call leaves it: claimed, its lease run out.
            byte[] content = "a fulmar\n".getBytes(StandardCharsets.UTF_8);
            execute("insert into files (project_id, file_id, user_id, version, removed) values (?, ?, ?, 1, false)",
                    project, leftInFlight, user);
            execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash, attempts, claim, "
                    + "claimed_until, last_error) values ('index', ?, ?, ?, 1, 'left.txt', ?, ?, 1, ?, now() - interval '1 second', "
                    + "'UNAVAILABLE')", project, leftInFlight, user, content, EngineMessages.sha256Hex(content), UUID.randomUUID());
            assertThat(rows("select kind, version, status from jobs where project_id = ? order by path nulls first", project))
                    .extracting(row -> row.get("kind") + "@" + row.get("version") + " " + row.get("status"))
                    .containsExactly("remove@2 pending", "index@1 pending", "index@2 pending", "index@1 pending");
            // Nothing reaches the engine while no worker runs.
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> EngineCalls.writesOfProject(project).isEmpty());
        } finally {
            worker.start(null);
        }

        awaitNoJobs(project);
        assertThat(EngineCalls.ofFile(edited)).extracting(Call::method, Call::version).containsExactly(tuple("IndexFile", 2L));
        assertThat(EngineCalls.ofFile(added)).extracting(Call::version).containsExactly(1L);
        assertThat(EngineCalls.ofFile(removed)).extracting(Call::method, Call::version).containsExactly(tuple("RemoveFile", 2L));
        assertThat(EngineCalls.ofFile(leftInFlight)).extracting(Call::version).containsExactly(1L);
        assertThat(TestEngine.search(project, "razorbill")).hasSize(1);
        assertThat(TestEngine.search(project, "skua")).hasSize(1);
        assertThat(TestEngine.search(project, "fulmar")).hasSize(1);
        assertThat(TestEngine.search(project, "puffin gannet")).isEmpty();
    }

    @Test
    void theDispatcherGoesOnAfterAnErrorThatIsNotARuntimeException() {
        AtomicInteger claims = new AtomicInteger();
        // Claims nothing (the real worker drains the table), counting the rounds of the loop.
        JobRepository counting = new JobRepository(sql) {
            @Override
            public List<Job> claim(int limit, Duration lease) {
                claims.incrementAndGet();
                return List.of();
            }

            @Override
            public int purgeAbandoned() {
                return 0;
            }
        };
        // Its first wait, between two rounds, throws an Error (outside any transaction, which would wrap it).
        AtomicInteger waits = new AtomicInteger();
        JobSignal failingOnce = new JobSignal(null) {
            @Override
            boolean await(long millis) throws InterruptedException {
                if (waits.incrementAndGet() == 1) {
                    throw new NoClassDefFoundError("thrown by the test");
                }
                return super.await(millis);
            }
        };
        JobWorker second = new JobWorker(counting, accounts, locks, engine, failingOnce, metrics, 1,
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(30), true,
                Duration.ofSeconds(3), 2, Duration.ofMillis(200));
        second.start(null);
        try {
            // Still claiming after the Error: the loop backed off and went on.
            await().atMost(WAIT).until(() -> claims.get() >= 3);
            assertThat(waits.get()).isGreaterThan(1);
        } finally {
            second.stop(null);
        }
    }
}
