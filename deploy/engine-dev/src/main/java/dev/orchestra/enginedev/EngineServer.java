package dev.orchestra.enginedev;

import dev.orchestra.proto.engine.v1.EngineGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The gRPC server: the Engine service over a {@link FileIndex}, and grpc.health.v1.Health. */
public final class EngineServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    /** Above the gateway's 8 MiB body ceiling: a file's content plus its envelope must fit. */
    private static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** Twice this stays under the 20 s that ./orchestra waits before it kills a part. */
    private static final long DRAIN_SECONDS = 5;

    private final Server server;
    private final FileIndex index;
    private final HealthStatusManager health;
    private final CallGate gate;
    private boolean closed;

    private EngineServer(Server server, FileIndex index, HealthStatusManager health, CallGate gate) {
        this.server = server;
        this.index = index;
        this.health = health;
        this.gate = gate;
    }

    /** Opens the index, loads the catalog and listens on the configured address (127.0.0.1 unless told). */
    public static EngineServer start(EngineOptions options) throws IOException {
        return start(options, new ServerInterceptor[0]);
    }

    /**
     * As {@link #start(EngineOptions)}, with interceptors around the Engine service that see each
     * call before the delay and the deadline check, the first given outermost: for tests that
     * record what the engine receives or script its answers.
     */
    public static EngineServer start(EngineOptions options, ServerInterceptor... outer) throws IOException {
        ExtensionCatalog catalog = options.catalogFile() == null
                ? ExtensionCatalog.builtIn()
                : ExtensionCatalog.load(options.catalogFile());
        FileIndex index = FileIndex.open(options.indexDir());
        HealthStatusManager health = new HealthStatusManager();
        CallGate gate = new CallGate(options.callDelay());
        // The delay is for the Engine calls only: a delayed health check would read as an engine that is down.
        Server server = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(new EngineService(index, catalog, gate), interceptors(gate, outer)))
                .addService(health.getHealthService())
                .intercept(new CallLog())
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(EngineGrpc.SERVICE_NAME, ServingStatus.SERVING);
        LOG.info(() -> String.format("listening on " + options.host() + ":%d, index %s, %s, call delay %d ms",
                server.getPort(), options.indexDir().toAbsolutePath(), catalog.description(),
                options.callDelay().toMillis()));
        return new EngineServer(server, index, health, gate);
    }

    /** grpc calls the last interceptor of the list first. */
    private static List<ServerInterceptor> interceptors(CallGate gate, ServerInterceptor... outer) {
        List<ServerInterceptor> all = new ArrayList<>(List.of(outer));
        Collections.reverse(all);
        all.add(0, gate);
        return all;
    }

    public int port() {
        return server.getPort();
    }

    /**
     * How many calls were answered DEADLINE_EXCEEDED or CANCELLED without doing their work (after
     * the delay, or after waiting for the index's write lock).
     */
    public long refusedCalls() {
        return gate.refusedCalls();
    }

    /** The index itself: a test holds its lock to make calls wait for it. */
    FileIndex index() {
        return index;
    }

    /** How many calls are waiting out the artificial delay right now. */
    int delayedCalls() {
        return gate.delayedCalls();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, waits for the running ones, then closes (and commits) the index. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping: no new calls, finishing the running ones");
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            index.close();
            LOG.info("stopped; index closed");
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "closing the index failed", e);
        }
    }
}
