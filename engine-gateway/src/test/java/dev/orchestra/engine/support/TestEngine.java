package dev.orchestra.engine.support;

import static org.awaitility.Awaitility.await;

import dev.orchestra.enginedev.EngineOptions;
import dev.orchestra.enginedev.EngineServer;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.SearchHit;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The development engine (deploy/engine-dev), a real gRPC server, run in the test JVM on the port
 * the application was configured with: started, stopped and restarted with an artificial delay by
 * the tests, on one on-disk index that outlives its restarts. {@link #direct()} is a client of the
 * test's own, to look at what the engine holds; {@link EngineCalls} records (and scripts) the calls
 * it receives.
 */
public final class TestEngine {

    private static final Path INDEX = Path.of("target", "test-engine-index");
    private static EngineServer server;
    private static Duration delay = Duration.ZERO;
    private static boolean indexCleared;
    private static ManagedChannel channel;

    private TestEngine() {
    }

    /** Running with this delay before each Engine call (zero: none); restarted when it runs with another. */
    public static synchronized void running(Duration wanted) {
        if (server != null && delay.equals(wanted)) {
            return;
        }
        stop();
        clearIndexOnce();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            // The port may still be held for a moment after a stop.
            server = EngineServer.start(new EngineOptions(port(), INDEX, null, wanted, null), EngineCalls.INTERCEPTOR);
            return true;
        });
        delay = wanted;
    }

    public static synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Calls the engine answered DEADLINE_EXCEEDED or CANCELLED without doing their work, since it started. */
    public static synchronized long refusedCalls() {
        return server == null ? 0 : server.refusedCalls();
    }

    public static int port() {
        String address = ConfigProvider.getConfig().getValue("orchestra.engine.address", String.class);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** A client of the test's own, each call with a 5-second deadline. */
    public static synchronized EngineGrpc.EngineBlockingStub direct() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
        }
        channel.resetConnectBackoff();
        return EngineGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    /** What the engine itself finds in a project (no owner check, no gateway). */
    public static List<SearchHit> search(UUID project, String query) {
        return direct().search(SearchRequest.newBuilder().setProjectId(project.toString()).setQuery(query).setLimit(100).build())
                .getHitsList();
    }

    private static void clearIndexOnce() {
        if (indexCleared) {
            return;
        }
        indexCleared = true;
        if (Files.exists(INDEX)) {
            try (Stream<Path> paths = Files.walk(INDEX)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
