package dev.orchestra.engine.link;

import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.engine.support.EngineCalls;
import dev.orchestra.engine.support.EngineCalls.Answer;
import dev.orchestra.engine.support.EngineCalls.Call;
import dev.orchestra.engine.support.EngineCalls.Hold;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the worker does with each gRPC status the engine answers an IndexFile with, counted at the
 * engine. Test numbers: 2 retries within a call (3 attempts), job backoff from 100 ms.
 * <ul>
 *   <li>UNAVAILABLE, DEADLINE_EXCEEDED (an outage): retried within the call, then by the job, for as long as it lasts;</li>
 *   <li>INVALID_ARGUMENT (a refusal): failed at once, counted, never sent again;</li>
 *   <li>any other status: not retried within the call, but by the job with backoff for as long as it lasts.</li>
 * </ul>
 */
@QuarkusTest
class RetryPolicyTest extends EngineGatewayTest {

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED"})
    void anOutageIsRetriedWithinTheCallThenByTheJob(Status.Code status) {
        // The job's first attempt is three calls (all failing); its second attempt's call is served.
        Outcome outcome = failThreeTimesThenServe(status);

        assertThat(outcome.attemptsWhenTheFourthCallCame()).isEqualTo(2);
        assertThat(outcome.statuses()).containsExactly(status, status, status, Status.Code.OK);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"INTERNAL", "RESOURCE_EXHAUSTED", "UNKNOWN", "FAILED_PRECONDITION"})
    void anyOtherErrorIsRetriedByTheJobOnly(Status.Code status) {
        // One call per attempt of the job: the fourth call is its fourth attempt.
        Outcome outcome = failThreeTimesThenServe(status);

        assertThat(outcome.attemptsWhenTheFourthCallCame()).isEqualTo(4);
        assertThat(outcome.statuses()).containsExactly(status, status, status, Status.Code.OK);
    }

    @Test
    void aRefusalFailsTheJobAtOnceIsCountedAndIsNeverSentAgain() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        double failedBefore = metric("orchestra_engine_jobs_failed_total{kind=\"index\"}");
        projectCreated(user, project);
        // Refused once only: were it sent again, it would be indexed.
        EngineCalls.script(EngineCalls.fileCall("IndexFile", refused), Answer.fail(Status.Code.INVALID_ARGUMENT));
        fileUpserted(user, project, refused, "refused.txt", "a refused tern\n", 1);

        await().atMost(WAIT).until(() -> count("jobs where file_id = '" + refused + "' and status = 'failed'") == 1);
        assertThat(rows("select attempts, last_error from jobs where file_id = ?", refused)).singleElement().satisfies(row -> {
            assertThat(row.get("attempts")).isEqualTo(1);
            assertThat((String) row.get("last_error")).contains("INVALID_ARGUMENT");
        });
        assertThat(metric("orchestra_engine_jobs_failed_total{kind=\"index\"}")).isEqualTo(failedBefore + 1);
        // Later work of the project goes through; the refused file is not sent again.
        fileUpserted(user, project, UUID.randomUUID(), "later.txt", "a later noddy\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "noddy").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> EngineCalls.ofFile(refused).size() == 1);
        assertThat(EngineCalls.ofFile(refused)).extracting(Call::status).containsExactly(Status.Code.INVALID_ARGUMENT);
        assertThat(TestEngine.search(project, "tern")).isEmpty();
        assertThat(rows("select attempts, status from jobs where file_id = ?", refused))
                .containsExactly(Map.of("attempts", 1, "status", "failed"));
    }

    private record Outcome(int attemptsWhenTheFourthCallCame, List<Status.Code> statuses) {
    }

    /**
     * A file whose first three IndexFile calls the engine answers with {@code status}; the fourth is
     * held until the job's attempts are read, then served.
     */
    private Outcome failThreeTimesThenServe(Status.Code status) {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        projectCreated(user, project);
        Hold fourth = new Hold();
        EngineCalls.script(EngineCalls.fileCall("IndexFile", file), Answer.fail(status), Answer.fail(status), Answer.fail(status),
                Answer.hold(fourth));
        fileUpserted(user, project, file, "retried.txt", "a retried plover\n", 1);

        fourth.awaitHeld();
        Map<String, Object> job = rows("select attempts, last_error from jobs where file_id = ?", file).get(0);
        assertThat((String) job.get("last_error")).contains(status.name());
        fourth.release();
        await().atMost(WAIT).until(() -> TestEngine.search(project, "plover").size() == 1);
        awaitNoJobs(project);
        return new Outcome((Integer) job.get("attempts"), EngineCalls.ofFile(file).stream().map(Call::status).toList());
    }
}
