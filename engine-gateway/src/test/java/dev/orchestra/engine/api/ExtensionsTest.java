package dev.orchestra.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.engine.client.EngineUnavailableException;
import dev.orchestra.engine.service.ExtensionService;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The extension check (CheckExtensionUpdates with the configured installed set: orchestra.git
 * 2.3.0, orchestra.python 3.1.0, orchestra.rust 0.8.1, acme.unknown 1.0.0 in tests) and
 * GET /api/v1/extensions. The tests run the scheduled job's method themselves (its timer is off).
 */
@QuarkusTest
class ExtensionsTest extends EngineGatewayTest {

    @Inject
    ExtensionService extensions;

    @BeforeEach
    void noCheckYet() {
        execute("delete from extension_updates");
        execute("delete from extension_checks");
        execute("delete from scheduled_jobs where job = ?", ExtensionService.JOB);
    }

    @Test
    void theScheduledCheckStoresTheEnginesAnswerOncePerPeriod() {
        list().statusCode(200).body("data.size()", equalTo(0)).body("meta.checked_at", nullValue());

        assertThat(extensions.runIfDue()).isTrue();
        list().statusCode(200)
                .body("data.size()", equalTo(2))
                .body("data[0].id", equalTo("orchestra.git"))
                .body("data[0].installed_version", equalTo("2.3.0"))
                .body("data[0].available_version", equalTo("2.4.0"))
                .body("data[0].download_url", equalTo("https://extensions.orchestra.example/orchestra.git/2.4.0.zip"))
                .body("data[0].release_notes", notNullValue())
                .body("data[1].id", equalTo("orchestra.rust"))
                .body("data[1].installed_version", equalTo("0.8.1"))
                .body("data[1].available_version", equalTo("0.9.0"))
                .body("meta.checked_at", notNullValue())
                .body("meta.next_cursor", nullValue());
        String checkedAt = list().extract().path("meta.checked_at");

        // Run again within the period (another replica's timer, say): skipped, nothing asked or changed.
        assertThat(extensions.runIfDue()).isFalse();
        assertThat(list().extract().<String>path("meta.checked_at")).isEqualTo(checkedAt);
        assertThat(count("scheduled_jobs where job = '" + ExtensionService.JOB + "'")).isEqualTo(1);
    }

    @Test
    void aCheckWhileTheEngineIsDownKeepsTheLastAnswerAndIsTriedAgain() {
        extensions.checkNow();
        String checkedAt = list().extract().path("meta.checked_at");

        execute("delete from scheduled_jobs where job = ?", ExtensionService.JOB);
        TestEngine.stop();
        assertThatThrownBy(() -> extensions.runIfDue()).satisfies(e -> {
            Throwable cause = e;
            while (cause != null && !(cause instanceof EngineUnavailableException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("the engine's outage, as the cause").isNotNull();
        });
        // Not recorded as run: the next tick tries again rather than in six hours.
        assertThat(count("scheduled_jobs where job = '" + ExtensionService.JOB + "'")).isZero();
        list().statusCode(200).body("data.size()", equalTo(2)).body("meta.checked_at", equalTo(checkedAt));

        TestEngine.running(java.time.Duration.ZERO);
        breakers.reset(dev.orchestra.engine.client.EngineClient.BREAKER);
        assertThat(extensions.runIfDue()).isTrue();
        assertThat(list().extract().<String>path("meta.checked_at")).isNotEqualTo(checkedAt);
    }

    private static ValidatableResponse list() {
        return given().header("Authorization", "Bearer " + token(UUID.randomUUID())).get("/api/v1/extensions").then();
    }
}
