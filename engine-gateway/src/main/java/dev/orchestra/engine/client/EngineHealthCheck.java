package dev.orchestra.engine.client;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The engine's own grpc.health.v1 state, reported in {@code /q/health/group/dependencies} only
 * engine-gateway stays live and ready while the engine is down, answering
 * search with 503 and keeping the indexing work in its job table.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    private final EngineClient engine;

    public EngineHealthCheck(EngineClient engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        EngineClient.EngineHealth health = engine.health(true);
        return HealthCheckResponse.named("Engine")
                .status(health.serving())
                .withData("address", engine.address())
                .withData("state", health.state())
                .withData("circuit_breaker", engine.breakerState().name())
                .build();
    }
}
