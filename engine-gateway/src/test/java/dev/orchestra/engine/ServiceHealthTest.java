package dev.orchestra.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.support.TestEngine;
import dev.orchestra.platform.testing.ServiceHealthContract;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Platform's health contract, and the engine reported on its own: in the "dependencies" group,
 * never in readiness or liveness — engine-gateway stays live and ready while the engine is down.
 */
@QuarkusTest
class ServiceHealthTest extends ServiceHealthContract {

    @Inject
    CircuitBreakerMaintenance breakers;

    ServiceHealthTest() {
        super("engine");
    }

    @BeforeEach
    void engineRunning() {
        TestEngine.running(Duration.ZERO);
        breakers.reset(EngineClient.BREAKER);
    }

    @Test
    void theEngineIsADependencyNotAReadinessCheck() {
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.find { it.name == 'Engine' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Engine' }.data.state", equalTo("SERVING"));
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("Engine")));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", not(hasItem("Engine")));

        TestEngine.stop();
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'Engine' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Engine' }.data.state", org.hamcrest.Matchers.oneOf("UNAVAILABLE", "DEADLINE_EXCEEDED"))
                .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));

        TestEngine.running(Duration.ZERO);
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.find { it.name == 'Engine' }.status", equalTo("UP"));
    }
}
