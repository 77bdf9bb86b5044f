package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.SyncApi.fileCreate;
import static dev.orchestra.sync.support.SyncApi.pull;
import static dev.orchestra.sync.support.SyncApi.push;
import static dev.orchestra.sync.support.SyncApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.sync.service.Retention;
import dev.orchestra.sync.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** At most 100 devices a user; a device idle for 180 days with nothing pending is forgotten and must start over. */
@QuarkusTest
class DeviceLimitsTest {

    @Inject
    Retention retention;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theHundredAndFirstDeviceIsRefusedAndTheOthersKeepWorking() {
        UUID user = UUID.randomUUID();
        String token = token(user);
        UUID first = UUID.randomUUID();
        pull(token, first, null).statusCode(200);
        for (int i = 1; i < 100; i++) {
            pull(token, UUID.randomUUID(), null).statusCode(200);
        }
        UUID extra = UUID.randomUUID();
        pull(token, extra, null).statusCode(403).body("error", equalTo("forbidden")).body("details.reason", equalTo("device_limit"));
        push(token, extra, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a.txt"))).statusCode(403)
                .body("details.reason", equalTo("device_limit"));
        assertThat(TestDatabase.count(dataSource, "devices where user_id = '" + user + "'")).isEqualTo(100);
        // Known devices are unaffected, and so is everyone else.
        pull(token, first, null).statusCode(200);
        pull(token(UUID.randomUUID()), UUID.randomUUID(), null).statusCode(200);
    }

    @Test
    void aDeviceIdleFor180DaysIsForgottenAndStartsOverWithASnapshot() {
        UUID user = UUID.randomUUID();
        String token = token(user);
        UUID idle = UUID.randomUUID();
        UUID waiting = UUID.randomUUID();
        String idleCursor = pull(token, idle, null).statusCode(200).extract().path("data.cursor");
        // A device whose pushed mutation is still unanswered (no project-service here): not forgotten.
        String waitingCursor = pull(token, waiting, null).statusCode(200).extract().path("data.cursor");
        push(token, waiting, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "w.txt"))).statusCode(202);

        clock.advance(Duration.ofDays(181));
        retention.prune();
        assertThat(TestDatabase.count(dataSource, "forgotten_devices where id = '" + idle + "'")).isEqualTo(1);
        assertThat(TestDatabase.count(dataSource, "devices where id = '" + waiting + "'")).isEqualTo(1);

        pull(token, idle, idleCursor).statusCode(410).body("error", equalTo("resync_required"))
                .body("details.reason", equalTo("device_forgotten"));
        push(token, idle, List.of(fileCreate(5, UUID.randomUUID(), UUID.randomUUID(), "late.txt"))).statusCode(410);
        given().auth().oauth2(token).header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .queryParam("device_id", idle.toString()).get("/ws").then().statusCode(410);
        // Still no one else's.
        pull(token(UUID.randomUUID()), idle, null).statusCode(404);

        // A pull from the start makes it known again, from mutation id 1.
        pull(token, idle, null).statusCode(200);
        assertThat(TestDatabase.count(dataSource, "forgotten_devices where id = '" + idle + "'")).isZero();
        push(token, idle, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "again.txt"))).statusCode(202)
                .body("data.last_submitted_mutation_id", equalTo(1));
        pull(token, waiting, waitingCursor).statusCode(200);
    }
}
