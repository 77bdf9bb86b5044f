package dev.orchestra.engine.link;

import static dev.orchestra.engine.support.Events.fileDeleted;
import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.google.protobuf.ByteString;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine stopped while events arrive: the consumers go on (nothing dead-lettered), the jobs
 * wait with their attempts and errors, search answers 503 and the service stays ready; when the
 * engine is back every job drains, nothing is lost, and no version follows a newer one.
 */
@QuarkusTest
class EngineOutageTest extends EngineGatewayTest {

    @Test
    void jobsWaitOutAnOutageAndDrainWhenTheEngineIsBack() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        projectCreated(user, project);
        status(user).statusCode(200).body("data.engine_reachable", equalTo(true)).body("data.pending_files", equalTo(0))
                .body("data.last_indexed_at", nullValue());

        TestEngine.stop();
        fileUpserted(user, project, first, "a.txt", "the first alpaca\n", 1);
        fileUpserted(user, project, first, "a.txt", "the first bonobo\n", 2);
        fileUpserted(user, project, second, "b.txt", "the second cheetah\n", 1);
        fileUpserted(user, project, gone, "c.txt", "the gone dugong\n", 1);
        fileDeleted(user, project, gone, 2);
        // Late and older than the version queued: dropped.
        ProjectEnvelope last = fileUpserted(user, project, first, "a.txt", "the first alpaca replayed\n", 1);
        awaitConsumed(last);

        // The work waits in the table, tried with backoff, the engine's answer recorded.
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> jobs = rows("select file_id, kind, version, attempts, last_error from jobs "
                    + "where project_id = ? order by path nulls last", project);
            assertThat(jobs).extracting(j -> j.get("kind") + "@" + j.get("version")).containsExactly("index@2", "index@1", "remove@2");
            assertThat(jobs).allSatisfy(j -> {
                assertThat((Integer) j.get("attempts")).isPositive();
                assertThat((String) j.get("last_error")).containsAnyOf("UNAVAILABLE", "circuit breaker open");
            });
        });
        assertThat(count("jobs where project_id = '" + project + "' and status <> 'pending'")).isZero();
        status(user).statusCode(200).body("data.engine_reachable", equalTo(false)).body("data.pending_files", equalTo(3));
        search(user, project, "bonobo").statusCode(503).body("error", equalTo("service_unavailable"))
                .body("details.dependency", equalTo("engine")).header("Retry-After", notNullValue());
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200);

        TestEngine.running(Duration.ZERO);
        awaitNoJobs(project);
        await().atMost(WAIT).untilAsserted(() -> search(user, project, "bonobo").statusCode(200)
                .body("data.hits.size()", equalTo(1)).body("data.hits[0].file_id", equalTo(first.toString()))
                .body("data.pending_files", equalTo(0)));
        search(user, project, "alpaca").statusCode(200).body("data.hits.size()", equalTo(0));
        search(user, project, "cheetah").statusCode(200).body("data.hits[0].path", equalTo("b.txt"));
        search(user, project, "dugong").statusCode(200).body("data.hits.size()", equalTo(0));
        // The engine knows the newest versions only: version 1 of the first file cannot come back.
        assertThat(TestEngine.direct().indexFile(IndexFileRequest.newBuilder().setProjectId(project.toString())
                .setFileId(first.toString()).setPath("a.txt").setContent(ByteString.copyFromUtf8("alpaca")).setVersion(1).build())
                .getIndexed()).isFalse();
        // Nothing was dead-lettered for the outage: the job table held the work.
        assertThat(io.restassured.RestAssured.get("/q/metrics").then().extract().asString())
                .doesNotContain("orchestra_consumer_dead_letters_total{consumer=\"engine-gateway\"");
        status(user).statusCode(200).body("data.engine_reachable", equalTo(true)).body("data.pending_files", equalTo(0))
                .body("data.last_indexed_at", notNullValue());
    }
}
