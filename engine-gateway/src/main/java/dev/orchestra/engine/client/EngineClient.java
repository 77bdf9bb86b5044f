package dev.orchestra.engine.client;

import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesRequest;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesResponse;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.DropProjectResponse;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.IndexFileResponse;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileResponse;
import dev.orchestra.proto.engine.v1.SearchRequest;
import dev.orchestra.proto.engine.v1.SearchResponse;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The one gRPC link to the engine: a plain grpc-java channel to
 * {@code orchestra.engine.address}, closed on shutdown.
 *
 * <p>Every call gets its own deadline when it is made ({@code withDeadlineAfter} on a fresh stub
 * per attempt, never a stub-wide deadline that would run out for good). All calls go through one
 * SmallRye Fault Tolerance {@link Guard}: retries with exponential backoff on UNAVAILABLE and
 * DEADLINE_EXCEEDED only, inside one circuit breaker ({@value #BREAKER}) shared by every method,
 * so that a dead engine opens it whoever noticed first and then costs nothing per request. The
 * guard is programmatic rather than annotations: one breaker for all five methods (annotations
 * make one per method), numbers read from this service's own config keys, and no CDI proxy to go
 * through (a call from inside the bean would silently skip annotations). Made at start: a bad
 * address fails the start, and the breaker exists (for its state and maintenance) before any call.
 *
 * <p>It carries engine.proto messages as they are: the services build them and read the answers
 * through {@code service/EngineMessages}. Only the grpc.health.v1 check, which is the link's own
 * concern, is built and read here.
 */
@Startup
@ApplicationScoped
public class EngineClient {

    /** The circuit breaker's name ({@link CircuitBreakerMaintenance}). */
    public static final String BREAKER = "engine";
    private static final Logger LOG = Logger.getLogger(EngineClient.class);

    private final String address;
    private final ManagedChannel channel;
    private final EngineGrpc.EngineBlockingStub engine;
    private final HealthGrpc.HealthBlockingStub health;
    private final Guard guard;
    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry metrics;
    private final Duration searchDeadline;
    private final Duration writeDeadline;
    private final Duration extensionsDeadline;
    private final Duration healthDeadline;

    public EngineClient(@ConfigProperty(name = "orchestra.engine.address") String address,
                        @ConfigProperty(name = "orchestra.engine.deadline.search") Duration searchDeadline,
                        @ConfigProperty(name = "orchestra.engine.deadline.write") Duration writeDeadline,
                        @ConfigProperty(name = "orchestra.engine.deadline.extensions") Duration extensionsDeadline,
                        @ConfigProperty(name = "orchestra.engine.deadline.health") Duration healthDeadline,
                        @ConfigProperty(name = "orchestra.engine.retry.max-retries") int maxRetries,
                        @ConfigProperty(name = "orchestra.engine.retry.delay") Duration retryDelay,
                        @ConfigProperty(name = "orchestra.engine.retry.max-delay") Duration retryMaxDelay,
                        @ConfigProperty(name = "orchestra.engine.retry.jitter") Duration retryJitter,
                        @ConfigProperty(name = "orchestra.engine.breaker.request-volume-threshold") int breakerVolume,
                        @ConfigProperty(name = "orchestra.engine.breaker.failure-ratio") double breakerRatio,
                        @ConfigProperty(name = "orchestra.engine.breaker.delay") Duration breakerDelay,
                        @ConfigProperty(name = "orchestra.engine.breaker.success-threshold") int breakerSuccesses,
                        CircuitBreakerMaintenance breakers, MeterRegistry metrics) {
        this.address = address;
        this.searchDeadline = searchDeadline;
        this.writeDeadline = writeDeadline;
        this.extensionsDeadline = extensionsDeadline;
        this.healthDeadline = healthDeadline;
        this.breakers = breakers;
        this.metrics = metrics;
        // Plaintext: the engine sits next to its one client (a sidecar or a cluster-internal
        // service); TLS or a mesh is deployment's business. Requests carry a file of up to 4 MiB.
        this.channel = NettyChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
        this.engine = EngineGrpc.newBlockingStub(channel);
        this.health = HealthGrpc.newBlockingStub(channel);
        this.guard = Guard.create()
                .withDescription(BREAKER)
                .withRetry()
                    .maxRetries(maxRetries)
                    .delay(retryDelay.toMillis(), ChronoUnit.MILLIS)
                    .jitter(retryJitter.toMillis(), ChronoUnit.MILLIS)
                    // A cap that the deadlines reach first; the breaker stops retries of a dead engine.
                    .maxDuration(10, ChronoUnit.MINUTES)
                    .retryOn(EngineUnavailableException.class)
                    .withExponentialBackoff().factor(2).maxDelay(retryMaxDelay.toMillis(), ChronoUnit.MILLIS).done()
                    .done()
                .withCircuitBreaker()
                    .name(BREAKER)
                    .failOn(EngineUnavailableException.class)
                    .requestVolumeThreshold(breakerVolume)
                    .failureRatio(breakerRatio)
                    .delay(breakerDelay.toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breakerSuccesses)
                    .onStateChange(state -> LOG.infof("engine circuit breaker %s (engine at %s)", state, address))
                    .done()
                .build();
    }

    public IndexFileResponse indexFile(IndexFileRequest request) {
        return call("IndexFile", writeDeadline, IndexFileResponse.class, stub -> stub.indexFile(request));
    }

    public RemoveFileResponse removeFile(RemoveFileRequest request) {
        return call("RemoveFile", writeDeadline, RemoveFileResponse.class, stub -> stub.removeFile(request));
    }

    public DropProjectResponse dropProject(DropProjectRequest request) {
        return call("DropProject", writeDeadline, DropProjectResponse.class, stub -> stub.dropProject(request));
    }

    public SearchResponse search(SearchRequest request) {
        return call("Search", searchDeadline, SearchResponse.class, stub -> stub.search(request));
    }

    public CheckExtensionUpdatesResponse checkExtensionUpdates(CheckExtensionUpdatesRequest request) {
        return call("CheckExtensionUpdates", extensionsDeadline, CheckExtensionUpdatesResponse.class,
                stub -> stub.checkExtensionUpdates(request));
    }

    /**
     * The engine's grpc.health.v1 state, asked now (not through the breaker: it reports the truth).
     * {@code waitForReady}: a channel still (re)connecting is waited for, up to the health deadline,
     * rather than answered at once with its last failure — exact, but as slow as the deadline while
     * the engine is away (the health check's choice; a user's status request asks without waiting).
     */
    public EngineHealth health(boolean waitForReady) {
        reconnectIfFailing();
        try {
            HealthGrpc.HealthBlockingStub stub = health.withDeadlineAfter(healthDeadline.toMillis(), TimeUnit.MILLISECONDS);
            HealthCheckResponse answer = (waitForReady ? stub.withWaitForReady() : stub)
                    .check(HealthCheckRequest.newBuilder().setService(EngineGrpc.SERVICE_NAME).build());
            return new EngineHealth(answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING, answer.getStatus().name());
        } catch (StatusRuntimeException e) {
            return new EngineHealth(false, e.getStatus().getCode().name());
        }
    }

    /**
     * Closes the breaker when it is open: for a caller that has just seen the engine's own health
     * serve again, so that the first calls after an outage reach it instead of waiting out the delay.
     *
     * @return whether it was open
     */
    public boolean closeBreakerIfOpen() {
        if (breakers.currentState(BREAKER) != CircuitBreakerState.OPEN) {
            return false;
        }
        breakers.reset(BREAKER);
        return true;
    }

    /** The breaker's state: OPEN means no call reaches the engine until its delay has passed. */
    public CircuitBreakerState breakerState() {
        return breakers.currentState(BREAKER);
    }

    public String address() {
        return address;
    }

    /** What the engine's health service answered: SERVING, NOT_SERVING, ... or the call's failure status. */
    public record EngineHealth(boolean serving, String state) {
    }

    private <T> T call(String method, Duration deadline, Class<T> type, Function<EngineGrpc.EngineBlockingStub, T> rpc) {
        try {
            return guard.call(() -> attempt(method, deadline, rpc), type);
        } catch (CircuitBreakerOpenException e) {
            throw new EngineUnavailableException(null, method + ": circuit breaker open", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed", e);
        }
    }

    /** One RPC, with a deadline of its own from now, timed per method and status. */
    private <T> T attempt(String method, Duration deadline, Function<EngineGrpc.EngineBlockingStub, T> rpc) {
        reconnectIfFailing();
        long start = System.nanoTime();
        String status = "OK";
        try {
            return rpc.apply(engine.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            status = e.getStatus().getCode().name();
            throw EngineException.of(method, e);
        } finally {
            Timer.builder("orchestra.engine.call")
                    .description("Calls to the engine (each attempt), by method and gRPC status")
                    .tag("method", method).tag("status", status)
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A channel whose connection failed waits out grpc's reconnect backoff (up to two minutes), and
     * calls fail at once meanwhile. Whoever calls now (after the breaker let it through) asks for a
     * connection attempt right away, so an engine that is back is used at once.
     */
    private void reconnectIfFailing() {
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
    }

    @PreDestroy
    void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
