package dev.orchestra.engine.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of this service share: before each, the engine runs without delay, nothing scripted
 * and no call recorded ({@link EngineCalls}), the application's channel to it connected, and the
 * circuit breaker closed; helpers to wait for events, look at the tables and call the API. Tests use
 * fresh random users and projects, so they never see each other's rows.
 */
@WithTestResource(value = DevEngineResource.class, scope = TestResourceScope.GLOBAL)
public abstract class EngineGatewayTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    protected AgroalDataSource dataSource;

    @Inject
    protected CircuitBreakerMaintenance breakers;

    @Inject
    protected EngineClient engineLink;

    @BeforeEach
    void engineRunningAndBreakerClosed() {
        EngineCalls.reset();
        engineRunning(Duration.ZERO);
        breakers.reset(EngineClient.BREAKER);
    }

    /**
     * The engine running with this delay (restarted if it ran with another), and the application's
     * channel connected to it again: after a restart the channel's first calls would fail
     * (UNAVAILABLE) and could open the breaker behind the test's back.
     */
    protected void engineRunning(Duration delay) {
        TestEngine.running(delay);
        await().atMost(WAIT).until(() -> engineLink.health(true).serving());
    }

    /** Until this service's consumer has committed the event's effect (its inbox entry). */
    protected void awaitConsumed(Message event) {
        UUID id = EventCodec.eventId(event);
        await().atMost(WAIT).until(() -> count("processed_events where consumer = 'engine-gateway' and event_id = '" + id + "'") == 1);
    }

    protected long count(String fromWhere) {
        return TestDatabase.count(dataSource, fromWhere);
    }

    /** Until nothing of the project waits in the job table (done, or gone with it). */
    protected void awaitNoJobs(UUID project) {
        await().atMost(WAIT).until(() -> count("jobs where project_id = '" + project + "'") == 0);
    }

    /** Rows of a query, each as column -> value. */
    protected List<Map<String, Object>> rows(String sql, Object... parameters) {
        return TestDatabase.rows(dataSource, sql, parameters);
    }

    protected void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    protected static String token(UUID user) {
        return Tokens.forUser(user).sign();
    }

    protected static ValidatableResponse search(UUID user, UUID project, String q, String limit) {
        var request = given().header("Authorization", "Bearer " + token(user));
        if (q != null) {
            request = request.queryParam("q", q);
        }
        if (limit != null) {
            request = request.queryParam("limit", limit);
        }
        return request.get("/api/v1/projects/" + project + "/search").then();
    }

    protected static ValidatableResponse search(UUID user, UUID project, String q) {
        return search(user, project, q, null);
    }

    protected static ValidatableResponse status(UUID user) {
        return given().header("Authorization", "Bearer " + token(user)).get("/api/v1/engine/status").then();
    }

    /** A sample's value from /q/metrics (0 when absent). */
    protected static double metric(String sample) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
