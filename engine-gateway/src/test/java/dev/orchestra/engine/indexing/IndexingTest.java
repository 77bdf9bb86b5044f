package dev.orchestra.engine.indexing;

import static dev.orchestra.engine.support.Events.fileDeleted;
import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static dev.orchestra.engine.support.Events.projectDeleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

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

/** project.events.v1 through the job table into the engine, and what the engine holds afterwards. */
@QuarkusTest
class IndexingTest extends EngineGatewayTest {

    @Test
    void eachEventKindReachesTheEngine() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID removed = UUID.randomUUID();
        projectCreated(user, project);
        fileUpserted(user, project, kept, "src/main.rs", "fn main() {\n    let quokka = 1;\n}\n", 3);
        fileUpserted(user, project, removed, "docs/notes.md", "the wombat lives here\n", 1);

        // FileUpserted -> IndexFile with the content, its path, the file's id and version.
        await().atMost(WAIT).untilAsserted(() -> assertThat(TestEngine.search(project, "quokka")).singleElement().satisfies(hit -> {
            assertThat(hit.getFileId()).isEqualTo(kept.toString());
            assertThat(hit.getPath()).isEqualTo("src/main.rs");
            assertThat(hit.getLine()).isEqualTo(2);
            assertThat(hit.getSnippet()).isEqualTo("let quokka = 1;");
        }));
        await().atMost(WAIT).until(() -> TestEngine.search(project, "wombat").size() == 1);
        search(user, project, "quokka").statusCode(200)
                .body("data.hits.size()", equalTo(1))
                .body("data.hits[0].file_id", equalTo(kept.toString()))
                .body("data.hits[0].path", equalTo("src/main.rs"))
                .body("data.hits[0].line", equalTo(2))
                .body("data.hits[0].snippet", equalTo("let quokka = 1;"))
                .body("data.hits[0].score", greaterThan(0f))
                .body("data.pending_files", equalTo(0));
        // The engine holds version 3: an older one changes nothing there, the same one is applied.
        assertThat(TestEngine.direct().indexFile(index(project, kept, "stale", 2)).getIndexed()).isFalse();
        assertThat(TestEngine.direct().indexFile(index(project, kept, "fn main() {\n    let quokka = 1;\n}\n", 3)).getIndexed()).isTrue();

        // FileDeleted -> RemoveFile at its version: the lines go, and the removal is remembered.
        fileDeleted(user, project, removed, 2);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "wombat").isEmpty());
        assertThat(TestEngine.direct().indexFile(index(project, removed, "the wombat is back", 1)).getIndexed()).isFalse();
        awaitNoJobs(project);

        // ProjectDeleted -> DropProject: the engine forgets the project (its versions start over).
        projectDeleted(user, project, 2);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "quokka").isEmpty());
        awaitNoJobs(project);
        search(user, project, "quokka").statusCode(404).body("error", equalTo("not_found"));

        // Later events about the deleted project's files are dropped: nothing queued, nothing indexed.
        ProjectEnvelope late = fileUpserted(user, project, kept, "src/main.rs", "a late quokka\n", 4);
        awaitConsumed(late);
        assertThat(count("jobs where project_id = '" + project + "'")).isZero();
        assertThat(TestEngine.search(project, "quokka")).isEmpty();
        assertThat(rows("select deleted from projects where project_id = ?", project)).containsExactly(Map.of("deleted", true));
    }

    @Test
    void waitingVersionsCoalesceIntoTheNewestAndOlderOnesNeverFollowIt() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        projectCreated(user, project);
        TestEngine.stop();
        fileUpserted(user, project, file, "a.txt", "version one aardvark\n", 1);
        fileUpserted(user, project, file, "a.txt", "version two bison\n", 2);
        ProjectEnvelope third = fileUpserted(user, project, file, "a.txt", "version three capybara\n", 3);
        awaitConsumed(third);
        // One job for the file, holding the newest version.
        assertThat(rows("select kind, version, status from jobs where file_id = ?", file))
                .containsExactly(Map.of("kind", "index", "version", 3L, "status", "pending"));

        TestEngine.running(Duration.ZERO);
        awaitNoJobs(project);
        assertThat(TestEngine.search(project, "capybara")).hasSize(1);
        assertThat(TestEngine.search(project, "aardvark bison")).isEmpty();

        // An older version arriving late queues nothing; the file's known version stays 3.
        ProjectEnvelope older = fileUpserted(user, project, file, "a.txt", "version two bison again\n", 2);
        awaitConsumed(older);
        assertThat(count("jobs where file_id = '" + file + "'")).isZero();
        assertThat(rows("select version from files where file_id = ?", file)).containsExactly(Map.of("version", 3L));

        // The same version again (another event) is allowed: sent once more.
        fileUpserted(user, project, file, "a.txt", "version three capybara, republished dingo\n", 3);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "dingo").size() == 1);
        awaitNoJobs(project);
    }

    @Test
    void aProjectDeletedWhileItsFilesWaitCancelsThem() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID indexed = UUID.randomUUID();
        projectCreated(user, project);
        fileUpserted(user, project, indexed, "old.txt", "an indexed emu\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "emu").size() == 1);

        TestEngine.stop();
        fileUpserted(user, project, UUID.randomUUID(), "new.txt", "a waiting ferret\n", 1);
        fileDeleted(user, project, indexed, 2);
        ProjectEnvelope deleted = projectDeleted(user, project, 2);
        awaitConsumed(deleted);
        // The files' work is gone (content included); one DropProject waits.
        // (a call in flight when the project went ends, and its cancelled row with it)
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> left = rows("select kind, content from jobs where project_id = ?", project);
            assertThat(left).hasSize(1);
            assertThat(left.get(0).get("kind")).isEqualTo("drop");
            assertThat(left.get(0).get("content")).isNull();
        });

        TestEngine.running(Duration.ZERO);
        awaitNoJobs(project);
        assertThat(TestEngine.search(project, "emu ferret")).isEmpty();
    }

    @Test
    void aJobTheEngineRefusesFailsOnceAndBlocksNothing() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID binary = UUID.randomUUID();
        UUID text = UUID.randomUUID();
        double failedBefore = metric("orchestra_engine_jobs_failed_total{kind=\"index\"}");
        projectCreated(user, project);
        // Not UTF-8: the engine answers INVALID_ARGUMENT.
        fileUpserted(user, project, binary, "logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe}, 1);
        fileUpserted(user, project, text, "readme.txt", "a gecko after the binary file\n", 1);

        await().atMost(WAIT).until(() -> TestEngine.search(project, "gecko").size() == 1);
        await().atMost(WAIT).until(() -> count("jobs where file_id = '" + binary + "' and status = 'failed'") == 1);
        List<Map<String, Object>> failed = rows("select attempts, last_error from jobs where file_id = ?", binary);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("attempts")).isEqualTo(1);
        assertThat((String) failed.get(0).get("last_error")).contains("INVALID_ARGUMENT").contains("UTF-8");
        assertThat(metric("orchestra_engine_jobs_failed_total{kind=\"index\"}")).isGreaterThanOrEqualTo(failedBefore + 1);
        status(user).statusCode(200).body("data.pending_files", equalTo(0));

        // Never tried again: later work of the same user goes through, the failed job stays as it was.
        UUID later = UUID.randomUUID();
        fileUpserted(user, project, later, "later.txt", "a hedgehog later on\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "hedgehog").size() == 1);
        assertThat(rows("select attempts, status from jobs where file_id = ?", binary))
                .containsExactly(Map.of("attempts", 1, "status", "failed"));

        // A newer version of the file replaces the failed job and is indexed.
        fileUpserted(user, project, binary, "logo.txt", "now an ibis in text\n", 2);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "ibis").size() == 1);
        awaitNoJobs(project);
    }

    @Test
    void aClaimLeftByADeadReplicaIsTakenAgainAfterItsLease() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        byte[] content = "a jackal left in flight\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        execute("insert into projects (project_id, user_id) values (?, ?)", project, user);
        execute("insert into files (project_id, file_id, user_id, version, removed) values (?, ?, ?, 1, false)", project, file, user);
        // As a replica that died mid-call leaves it: claimed, the lease just run out.
        execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash, attempts, claim, "
                + "claimed_until) values ('index', ?, ?, ?, 1, 'left.txt', ?, ?, 1, ?, now() - interval '1 second')",
                project, file, user, content, dev.orchestra.engine.service.EngineMessages.sha256Hex(content), UUID.randomUUID());
        await().atMost(WAIT).until(() -> TestEngine.search(project, "jackal").size() == 1);
        awaitNoJobs(project);
        // A claim still running is left alone.
        UUID busy = UUID.randomUUID();
        execute("insert into jobs (kind, project_id, file_id, user_id, version, path, content, content_hash, claim, claimed_until) "
                + "values ('index', ?, ?, ?, 1, 'busy.txt', ?, ?, ?, now() + interval '1 hour')",
                project, busy, user, content, dev.orchestra.engine.service.EngineMessages.sha256Hex(content), UUID.randomUUID());
        UUID other = UUID.randomUUID();
        fileUpserted(user, project, other, "other.txt", "a kiwi meanwhile\n", 1);
        await().atMost(WAIT).until(() -> TestEngine.search(project, "kiwi").size() == 1);
        assertThat(rows("select attempts from jobs where file_id = ?", busy)).containsExactly(Map.of("attempts", 0));
        execute("delete from jobs where file_id = ?", busy);
    }

    @Test
    void metricsShowTheBacklogAndTheEngineCalls() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        projectCreated(user, project);
        double doneBefore = metric("orchestra_engine_jobs_done_total{kind=\"index\"}");
        double unavailableBefore = metric("orchestra_engine_call_seconds_count{method=\"IndexFile\",status=\"UNAVAILABLE\"}");
        double okBefore = metric("orchestra_engine_call_seconds_count{method=\"IndexFile\",status=\"OK\"}");
        TestEngine.stop();
        ProjectEnvelope upsert = fileUpserted(user, project, UUID.randomUUID(), "m.txt", "a lemur\n", 1);
        awaitConsumed(upsert);
        await().atMost(WAIT).until(() -> metric("orchestra_engine_jobs_backlog") >= 1);
        await().atMost(WAIT).until(() -> metric("orchestra_engine_jobs_oldest_age_seconds") > 0);
        // The calls that met the stopped engine are timed under their status.
        await().atMost(WAIT).until(() -> metric("orchestra_engine_call_seconds_count{method=\"IndexFile\",status=\"UNAVAILABLE\"}")
                > unavailableBefore);
        TestEngine.running(Duration.ZERO);
        awaitNoJobs(project);
        await().atMost(WAIT).until(() -> metric("orchestra_engine_jobs_done_total{kind=\"index\"}") >= doneBefore + 1);
        assertThat(metric("orchestra_engine_call_seconds_count{method=\"IndexFile\",status=\"OK\"}")).isGreaterThan(okBefore);
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("orchestra_engine_call_seconds_bucket{method=\"IndexFile\",status=\"OK\"");
    }

    private static IndexFileRequest index(UUID project, UUID file, String content, long version) {
        return IndexFileRequest.newBuilder().setProjectId(project.toString()).setFileId(file.toString()).setPath("probe.txt")
                .setContent(ByteString.copyFromUtf8(content)).setVersion(version).build();
    }
}
