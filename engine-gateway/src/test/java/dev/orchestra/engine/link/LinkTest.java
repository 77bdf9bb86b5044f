package dev.orchestra.engine.link;

import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.service.JobWorker;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.engine.support.EngineCalls;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The link itself: a deadline per call (a slow engine), retries, and the circuit breaker. Test
 * numbers: search deadline 1 s, write deadline 3 s, 2 retries 50-200 ms apart, the breaker opening
 * at half of 4 calls failed and trying again after 2 s.
 */
@QuarkusTest
class LinkTest extends EngineGatewayTest {

    @Inject
    EngineClient engine;

    @Inject
    JobWorker worker;

    @ConfigProperty(name = "orchestra.engine.jobs.max-in-flight")
    int maxInFlight;

    @Test
    void theWorkerKeepsAtMostMaxInFlightCallsAtOnce() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        projectCreated(user, project);
        // 400 ms a call, twelve files: in parallel, but never more than 3 calls at once (the test's limit).
        engineRunning(Duration.ofMillis(400));
        EngineCalls.reset();
        ProjectEnvelope last = null;
        for (int i = 0; i < 12; i++) {
            last = fileUpserted(user, project, UUID.randomUUID(), "f" + i + ".txt", "a quetzal number " + i + "\n", 1);
        }
        awaitConsumed(last);
        int[] most = {0};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            most[0] = Math.max(most[0], worker.inFlight());
            return count("jobs where project_id = '" + project + "'") == 0;
        });
        assertThat(most[0]).isEqualTo(maxInFlight);
        assertThat(TestEngine.search(project, "quetzal")).hasSize(12);
        // Counted where the calls run, too: never more than the limit at once, and the limit reached.
        assertThat(EngineCalls.of("IndexFile")).hasSize(12);
        assertThat(EngineCalls.mostAtOnce("IndexFile")).isEqualTo(maxInFlight);
    }

    @Test
    void everyCallHasADeadlineOfItsOwn() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        projectCreated(user, project);
        fileUpserted(user, project, file, "slow.txt", "a first marmot\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "marmot").size() == 1);

        // An engine that would take 20 s per call: search gives up at its deadline (each attempt
        // its own second, three attempts), not after a minute, and the engine does no work for the
        // calls that expired.
        TestEngine.running(Duration.ofSeconds(20));
        long start = System.nanoTime();
        search(user, project, "marmot").statusCode(503).body("details.dependency", equalTo("engine"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
        await().atMost(WAIT).until(() -> TestEngine.refusedCalls() >= 1);
        fileUpserted(user, project, file, "slow.txt", "a second narwhal\n", 2);
        // The write waits for its 3 s deadline, then waits in the job table.
        await().atMost(WAIT).until(() -> calls("IndexFile", "DEADLINE_EXCEEDED") >= 1);
        assertThat(rows("select version, status from jobs where file_id = ?", file))
                .containsExactly(java.util.Map.of("version", 2L, "status", "pending"));

        // 1.5 s per call: over the search deadline, within the write deadline. The waiting write
        // goes through (the deadlines are per call and per kind, and none has run out for good,
        // though the application started long ago); searches still time out.
        TestEngine.running(Duration.ofMillis(1500));
        breakers.reset(EngineClient.BREAKER);
        awaitNoJobs(project);
        search(user, project, "narwhal").statusCode(503);

        TestEngine.running(Duration.ZERO);
        breakers.reset(EngineClient.BREAKER);
        search(user, project, "narwhal").statusCode(200).body("data.hits.size()", equalTo(1));
    }

    @Test
    void theBreakerOpensOnADeadEngineAndClosesWhenItIsBack() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        projectCreated(user, project);
        fileUpserted(user, project, UUID.randomUUID(), "b.txt", "an ocelot\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "ocelot").size() == 1);
        await().atMost(WAIT).until(() -> count("projects where project_id = '" + project + "'") == 1);
        search(user, project, "ocelot").statusCode(200);
        assertThat(engine.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);

        TestEngine.stop();
        // Each search is three attempts that find the engine down: the breaker opens.
        await().atMost(WAIT).until(() -> {
            search(user, project, "ocelot").statusCode(503).body("details.dependency", equalTo("engine"));
            return engine.breakerState() == CircuitBreakerState.OPEN;
        });
        // Open: no call is made, the answer is at once.
        double calls = calls("Search", null);
        ValidatableResponse refused = search(user, project, "ocelot").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("engine"));
        assertThat(refused.extract().time()).isLessThan(2000L);
        assertThat(calls("Search", null)).isEqualTo(calls);
        status(user).statusCode(200).body("data.engine_reachable", equalTo(false));

        // Back: after the breaker's delay a call gets through, succeeds and closes it.
        TestEngine.running(Duration.ZERO);
        await().atMost(WAIT).untilAsserted(() -> search(user, project, "ocelot").statusCode(200)
                .body("data.hits.size()", equalTo(1)));
        assertThat(engine.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
        status(user).statusCode(200).body("data.engine_reachable", equalTo(true));
    }

    @Test
    void aRefusedQueryDoesNotCountAgainstTheEngine() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        projectCreated(user, project);
        await().atMost(WAIT).until(() -> count("projects where project_id = '" + project + "'") == 1);
        for (int i = 0; i < 8; i++) {
            search(user, project, "!!!").statusCode(422).body("details.q", org.hamcrest.Matchers.notNullValue());
        }
        assertThat(engine.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
        search(user, project, "fine").statusCode(200);
    }

    /** Engine calls made so far by method (and status, or any when null), from /q/metrics. */
    private static double calls(String method, String status) {
        String text = io.restassured.RestAssured.get("/q/metrics").then().extract().asString();
        String prefix = "orchestra_engine_call_seconds_count{method=\"" + method + "\",status=\"" + (status == null ? "" : status + "\"}");
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
