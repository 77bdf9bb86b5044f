package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.IndexFileResponse;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine slowed down by --delay-ms: deadlines that pass meanwhile leave no trace. Health is never slowed. */
class EngineDeadlineAndHealthTest {

    private static final Duration DELAY = Duration.ofMillis(400);
    private static final Duration SHORT = Duration.ofMillis(100);
    private static final Duration SHORTER_THAN_DELAY = Duration.ofMillis(200);
    private static final Duration LONG = Duration.ofSeconds(5);

    @TempDir
    static Path indexDir;
    static RunningEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = RunningEngine.start(new EngineOptions(0, indexDir, null, DELAY, null));
        // Connect first (with time to spare), so that short deadlines below measure calls, not the connection.
        engine.health(LONG).check(HealthCheckRequest.getDefaultInstance());
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @Test
    void aDeadlinePassingDuringTheDelayAnswersDeadlineExceededAndIndexesNothing() {
        long refusedBefore = engine.server().refusedCalls();

        assertThatThrownBy(() -> engine.engine(SHORT)
                .indexFile(RunningEngine.indexRequest("late", "f", "a.txt", "too late\n", 1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        // The server saw the deadline pass too, and gave up before the work.
        await().atMost(LONG).until(() -> engine.server().refusedCalls() == refusedBefore + 1);
        assertThat(search(engine.engine(LONG), "late", "late")).isZero();
    }

    @Test
    void aCallCancelledByItsClientDuringTheDelayIndexesNothing() {
        long refusedBefore = engine.server().refusedCalls();
        ListenableFuture<IndexFileResponse> call = engine.engineAsync(LONG)
                .indexFile(RunningEngine.indexRequest("cancelled", "f", "a.txt", "never mind\n", 1));
        // Cancel only once the server holds the whole request, so that the cancellation reaches it.
        await().atMost(LONG).until(() -> engine.server().delayedCalls() == 1);

        assertThat(call.cancel(true)).isTrue();

        await().atMost(LONG).until(() -> engine.server().refusedCalls() == refusedBefore + 1);
        assertThat(search(engine.engine(LONG), "cancelled", "mind")).isZero();
    }

    @Test
    void aDeadlineLongerThanTheDelayIsServed() {
        assertThat(engine.engine(LONG)
                .indexFile(RunningEngine.indexRequest("patient", "f", "a.txt", "worth the wait\n", 1))
                .getIndexed()).isTrue();

        assertThat(search(engine.engine(LONG), "patient", "wait")).isEqualTo(1);
    }

    @Test
    void healthIsServingForTheServerAndTheEngineServiceWithoutTheDelay() {
        assertThat(engine.health(SHORTER_THAN_DELAY).check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(engine.health(SHORTER_THAN_DELAY).check(HealthCheckRequest.newBuilder()
                .setService("orchestra.engine.v1.Engine").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThatThrownBy(() -> engine.health(SHORTER_THAN_DELAY).check(HealthCheckRequest.newBuilder()
                .setService("no.such.Service").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private static int search(EngineGrpc.EngineBlockingStub stub, String project, String query) {
        return stub.search(SearchRequest.newBuilder().setProjectId(project).setQuery(query).build()).getHitsCount();
    }
}
