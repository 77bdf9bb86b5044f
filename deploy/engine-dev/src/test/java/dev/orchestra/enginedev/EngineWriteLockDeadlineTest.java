package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write call that passed the gate in time but then waited for the index's write lock (another
 * write holding it) until its deadline passed, or its client cancelled it, changes nothing.
 */
class EngineWriteLockDeadlineTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @TempDir
    static Path indexDir;
    static EngineServer server;
    static ManagedChannel channel;
    /** The watched calls whose context the server has seen cancelled (deadline passed or client gone). */
    static final AtomicInteger cancelledOnServer = new AtomicInteger();
    static final Metadata.Key<String> WATCH = Metadata.Key.of("x-watch", Metadata.ASCII_STRING_MARSHALLER);

    @BeforeAll
    static void start() throws Exception {
        server = EngineServer.start(new EngineOptions(0, indexDir, null, Duration.ZERO, null), new CancellationWatch());
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private final String project = "project-" + UUID.randomUUID();

    @Test
    void anIndexFileWhoseDeadlinePassedWaitingForTheLockIndexesNothing() throws Exception {
        Outcome outcome = whileTheLockIsHeld(stub -> stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .indexFile(RunningEngine.indexRequest(project, "f", "a.txt", "written too late\n", 1)), null,
                () -> hits("late") > 0);

        assertThat(outcome.clientStatus()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(outcome.written()).as("the index was written after the deadline").isFalse();
        assertThat(outcome.refused()).isEqualTo(1);
        assertThat(server.index().state(new FileKey(project, "f"))).isEmpty();
    }

    @Test
    void aRemoveFileCancelledWhileWaitingForTheLockRemovesNothing() throws Exception {
        blocking().indexFile(RunningEngine.indexRequest(project, "f", "a.txt", "still here\n", 1));

        Outcome outcome = whileTheLockIsHeld(stub -> stub.withDeadlineAfter(LONG.toMillis(), TimeUnit.MILLISECONDS)
                .removeFile(RemoveFileRequest.newBuilder().setProjectId(project).setFileId("f").setVersion(2).build()),
                call -> call.cancel(true), () -> hits("still") == 0);

        assertThat(outcome.clientStatus()).isEqualTo(Status.Code.CANCELLED);
        assertThat(outcome.written()).as("the file was removed after its call was cancelled").isFalse();
        assertThat(outcome.refused()).isEqualTo(1);
        assertThat(server.index().state(new FileKey(project, "f"))).hasValueSatisfying(state -> {
            assertThat(state.version()).isEqualTo(1);
            assertThat(state.removed()).isFalse();
        });
    }

    @Test
    void aDropProjectWhoseDeadlinePassedWaitingForTheLockDropsNothing() throws Exception {
        blocking().indexFile(RunningEngine.indexRequest(project, "f", "a.txt", "still here\n", 1));

        Outcome outcome = whileTheLockIsHeld(stub -> stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .dropProject(DropProjectRequest.newBuilder().setProjectId(project).build()), null, () -> hits("still") == 0);

        assertThat(outcome.clientStatus()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(outcome.written()).as("the project was dropped after the deadline").isFalse();
        assertThat(outcome.refused()).isEqualTo(1);
        assertThat(hits("still")).isEqualTo(1);
    }

    private record Outcome(Status.Code clientStatus, boolean written, long refused) {
    }

    /**
     * Holds the index's lock while the call arrives, waits for the server thread to block on it and
     * for the server to see the call given up (its deadline or {@code giveUp}), then lets go and waits
     * until the call either wrote ({@code written}) or was refused.
     */
    private Outcome whileTheLockIsHeld(Function<EngineGrpc.EngineFutureStub, ListenableFuture<?>> send,
            Consumer<ListenableFuture<?>> giveUp, BooleanSupplier written) throws Exception {
        long refusedBefore = server.refusedCalls();
        int cancelledBefore = cancelledOnServer.get();
        FileIndex index = server.index();
        ListenableFuture<?> call;
        synchronized (index) {
            Metadata watched = new Metadata();
            watched.put(WATCH, "yes");
            call = send.apply(EngineGrpc.newFutureStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(watched)));
            await().atMost(LONG).until(() -> blockedOn(index));
            if (giveUp != null) {
                giveUp.accept(call);
            }
            await().atMost(LONG).until(() -> call.isDone() && cancelledOnServer.get() > cancelledBefore);
        }
        await().atMost(LONG).until(() -> server.refusedCalls() > refusedBefore || written.getAsBoolean());
        return new Outcome(status(call), written.getAsBoolean(), server.refusedCalls() - refusedBefore);
    }

    private static Status.Code status(ListenableFuture<?> call) throws InterruptedException {
        try {
            call.get();
            return Status.Code.OK;
        } catch (ExecutionException e) {
            return e.getCause() instanceof StatusRuntimeException s ? s.getStatus().getCode() : Status.Code.UNKNOWN;
        } catch (CancellationException e) {
            return Status.Code.CANCELLED;
        }
    }

    /** Whether a thread waits to enter the monitor of {@code lock}. */
    private static boolean blockedOn(Object lock) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null)
                .map(ThreadInfo::getLockInfo)
                .anyMatch(info -> info.getIdentityHashCode() == System.identityHashCode(lock));
    }

    private EngineGrpc.EngineBlockingStub blocking() {
        return EngineGrpc.newBlockingStub(channel).withDeadlineAfter(LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int hits(String query) {
        return blocking().search(SearchRequest.newBuilder().setProjectId(project).setQuery(query)
                .build()).getHitsCount();
    }

    /** Counts the watched calls whose context the server sees cancelled (a call that ends is cancelled too). */
    private static final class CancellationWatch implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            if (headers.containsKey(WATCH)) {
                Context.current().addListener(context -> cancelledOnServer.incrementAndGet(), Runnable::run);
            }
            return next.startCall(call, headers);
        }
    }
}
