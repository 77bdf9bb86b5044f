package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay's lease: two project-service replicas, the stack's (the active relay) frozen with
 * SIGSTOP. A project created on the other replica reaches Kafka — seen in sync-service's change log —
 * within the lease (10 s) + 30 s, published by that replica (its own count, 0 before the freeze); once
 * the frozen one runs again, each event is there once, in order.
 */
class OutboxLeaseTest {

    static final int SECOND_PORT = Integer.getInteger("e2e.project.second-port", 18182);
    static ServiceInstance second;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        second = ServiceInstance.start("project-service", SECOND_PORT, "e2e-project-replica-2", Map.of());
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aFrozenRelayLosesItsLeaseAndTheOtherReplicaPublishesInOrder() throws Exception {
        String token = SyncJourneyTest.register();
        // Created through the gateway before anything else: the stack's replica, active since it
        // started, publishes it (the second one waits for the lock).
        String before = SyncJourneyTest.api(token).body(Map.of("name", "before")).post("/api/v1/projects").then()
                .statusCode(201).extract().path("data.id");
        awaitInChangeLog(token, List.of(before), Duration.ofSeconds(30));

        // The lease is the stack's replica's: the second one has published nothing so far.
        assertThat(publishedBySecondReplica()).as("events the standby replica published").isZero();

        long frozen = Long.parseLong(Files.readString(ServiceInstance.ROOT.resolve(".orchestra/pids/project-service.pid")).strip());
        signal("STOP", frozen);
        String during;
        String after;
        try {
            long started = System.nanoTime();
            during = createOnSecondReplica(token, "during");
            after = createOnSecondReplica(token, "after");
            awaitInChangeLog(token, List.of(before, during, after), Duration.ofSeconds(40));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
            // Handed over: the second replica published them (at least these two).
            assertThat(publishedBySecondReplica()).as("events the second replica published").isGreaterThanOrEqualTo(2);
        } finally {
            signal("CONT", frozen);
        }
        // Back, it publishes nothing twice out of turn: each project once in the log, in creation order.
        String later = SyncJourneyTest.api(token).body(Map.of("name", "later")).post("/api/v1/projects").then()
                .statusCode(201).extract().path("data.id");
        List<String> created = List.of(before, during, after, later);
        awaitInChangeLog(token, created, Duration.ofSeconds(60));
        List<String> logged = projectsInLog(token);
        assertThat(logged).containsExactlyElementsOf(created);
    }

    /** The second replica's own count of published events (platform's orchestra_outbox_published gauge). */
    static double publishedBySecondReplica() {
        String metrics = given().baseUri("http://127.0.0.1:" + SECOND_PORT).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines().filter(line -> line.startsWith("orchestra_outbox_published"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static String createOnSecondReplica(String token, String name) {
        return given().baseUri("http://127.0.0.1:" + SECOND_PORT).contentType(ContentType.JSON).auth().oauth2(token)
                .body(Map.of("name", name)).post("/api/v1/projects").then().statusCode(201).extract().path("data.id");
    }

    static void awaitInChangeLog(String token, List<String> projects, Duration within) {
        Awaitility.await("projects " + projects + " in the change log").atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> projectsInLog(token).containsAll(projects));
    }

    /** The projects of the user's change log, in the order sync-service appended their creation. */
    static List<String> projectsInLog(String token) {
        List<Map<String, Object>> changes = SyncJourneyTest.pull(token, UUID.randomUUID(), null).getList("data.changes");
        return changes.stream().filter(change -> "project".equals(change.get("entity")))
                .sorted(java.util.Comparator.comparingLong(change -> ((Number) change.get("seq")).longValue()))
                .map(change -> String.valueOf(change.get("entity_id"))).toList();
    }

    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
    }
}
