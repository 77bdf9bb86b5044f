package dev.orchestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static Process second;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        Path root = Path.of(System.getProperty("orchestra.root", "../.."));
        Path jar = root.resolve("sync-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = root.resolve(".orchestra/logs/e2e-sync-replica-2.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString());
        builder.environment().putAll(Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", String.valueOf(SECOND_PORT),
                "QUARKUS_DATASOURCE_PASSWORD", "sync-local-only",
                "ORCHESTRA_SYNC_INSTANCE_ID", "e2e-replica-2-" + UUID.randomUUID()));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        second = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("the second sync replica ready (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    if (!second.isAlive()) {
                        throw new AssertionError("the second sync replica exited; see " + log);
                    }
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SECOND_PORT + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (second != null) {
            second.destroy();
            if (!second.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
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
                        return onSecond.poll("changes", frame -> Device.names(frame, probe), Duration.ofSeconds(2)) != null;
                    });
            for (int i = 1; i <= 3; i++) {
                UUID file = push(token, project, viaGateway, ++mutation[0]);
                viaGateway.await("changes", frame -> Device.names(frame, file));
                onSecond.await("changes", frame -> Device.names(frame, file));
            }
        }
        assertThat(second.isAlive()).as("the second replica served throughout").isTrue();
    }
}
