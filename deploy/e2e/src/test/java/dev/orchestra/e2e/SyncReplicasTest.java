package dev.orchestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two sync-service replicas: the stack's, and a second one started here from the same jar on its
 * own port, with its own poke group. A user's sockets on both replicas get the change pushed
 * through the gateway, whichever replica appended it.
 */
class SyncReplicasTest {

    static final int SECOND_PORT = Integer.getInteger("e2e.sync.second-port", 18083);
    static ServiceInstance second;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        second = ServiceInstance.start("sync-service", SECOND_PORT, "e2e-sync-replica-2",
                Map.of("ORCHESTRA_SYNC_INSTANCE_ID", "e2e-replica-2-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (second != null) {
            second.close();
        }
    }

    /** Pushes one file create from the device; returns the file's id. */
    private static UUID push(String token, String project, Device device, long mutation) {
        UUID file = UUID.randomUUID();
        SyncJourneyTest.api(token).contentType(ContentType.JSON).body(Map.of("device_id", device.id.toString(),
                "mutations", List.of(SyncJourneyTest.mutation(mutation, "create", file, null,
                        Map.of("project_id", project, "path", "f" + mutation + ".txt", "content", "x")))))
                .post("/api/v1/sync/push").then().statusCode(202);
        return file;
    }

    @Test
    void socketsOnBothReplicasGetTheChange() throws Exception {
        String token = SyncJourneyTest.register();
        String project = SyncJourneyTest.api(token).body(Map.of("name", "Replicated")).post("/api/v1/projects").then().statusCode(201)
                .extract().path("data.id");
        try (Device viaGateway = Device.connect(SyncJourneyTest.GATEWAY, token);
             Device onSecond = Device.connect("http://127.0.0.1:" + SECOND_PORT, token)) {
            // Each replica reads the broadcast from the latest offset, from the moment its group has the
            // partitions: pushes go until one reaches the new replica's socket.
            long[] mutation = {0};
            org.awaitility.Awaitility.await("the second replica reading the broadcast").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        UUID probe = push(token, project, viaGateway, ++mutation[0]);
                        return onSecond.socket.poll("changes", frame -> Device.names(frame, probe), Duration.ofSeconds(2)) != null;
                    });
            for (int i = 1; i <= 3; i++) {
                UUID file = push(token, project, viaGateway, ++mutation[0]);
                viaGateway.socket.await("changes", frame -> Device.names(frame, file));
                onSecond.socket.await("changes", frame -> Device.names(frame, file));
            }
        }
        assertThat(second.isAlive()).as("the second replica served throughout").isTrue();
    }
}
