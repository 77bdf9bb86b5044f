package dev.orchestra.engine.indexing;

import static dev.orchestra.engine.support.Events.fileDeleted;
import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static dev.orchestra.engine.support.Events.projectDeleted;
import static dev.orchestra.engine.support.Events.userDeleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.orchestra.engine.support.EngineCalls;
import dev.orchestra.engine.support.EngineCalls.Answer;
import dev.orchestra.engine.support.EngineCalls.Call;
import dev.orchestra.engine.support.EngineCalls.Hold;
import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * What the engine receives, recorded at the engine ({@link EngineCalls}): a file's versions in
 * order, one call per file at a time, and nothing of a project after its DropProject — also when
 * newer work or a deletion arrives while a call is in flight (held at the engine by the test).
 */
@QuarkusTest
class EngineOrderTest extends EngineGatewayTest {

    @Test
    void theVersionsTheEngineReceivesForAFileNeverGoDown() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        List<UUID> files = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        projectCreated(user, project);
        // A slow engine, so that newer versions arrive while older ones are in flight or waiting.
        engineRunning(Duration.ofMillis(150));
        // Late (older) versions among the newer ones, and a removal in the middle.
        long[] versions = {1, 2, 3, 2, 5, 4, 6, 1, 7};
        ProjectEnvelope last = null;
        for (long version : versions) {
            for (UUID file : files) {
                last = version == 5
                        ? fileDeleted(user, project, file, version)
                        : fileUpserted(user, project, file, "f.txt", "marker" + version + "\n", version);
            }
        }
        awaitConsumed(last);
        awaitNoJobs(project);

        for (UUID file : files) {
            List<Call> calls = EngineCalls.ofFile(file);
            assertThat(calls).as("calls for %s", file).isNotEmpty();
            assertThat(calls).extracting(Call::version).as("versions received for %s: %s", file, calls)
                    .isSortedAccordingTo(Comparator.naturalOrder());
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i - 1).endedBefore(calls.get(i))).as("one call at a time for %s: %s", file, calls).isTrue();
            }
            Call newest = calls.get(calls.size() - 1);
            assertThat(newest.method()).isEqualTo("IndexFile");
            assertThat(newest.version()).isEqualTo(7);
            assertThat(newest.status()).isEqualTo(Status.Code.OK);
        }
        assertThat(TestEngine.search(project, "marker7")).hasSize(3);
        assertThat(TestEngine.search(project, "marker1 marker2 marker3 marker4 marker6")).isEmpty();
    }

    @Test
    void aNewerVersionArrivingWhileAnOlderIsInFlightIsIndexedAfterIt() {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        projectCreated(user, project);
        Hold hold = holdIndexFile(file);
        fileUpserted(user, project, file, "a.txt", "the first kestrel\n", 1);
        assertThat(hold.awaitHeld().version()).isEqualTo(1);

        ProjectEnvelope newer = fileUpserted(user, project, file, "a.txt", "the second lapwing\n", 2);
        awaitConsumed(newer);
        // The newer version waits in the file's row while the older call is in flight.
        assertThat(rows("select version, status from jobs where file_id = ?", file))
                .containsExactly(Map.of("version", 2L, "status", "pending"));
        assertThat(EngineCalls.ofFile(file)).allSatisfy(call -> assertThat(call.version()).isEqualTo(1));

        hold.release();
        await().atMost(WAIT).until(() -> TestEngine.search(project, "lapwing").size() == 1);
        awaitNoJobs(project);
        List<Call> calls = EngineCalls.ofFile(file);
        // Version 1 (again, if its deadline passed while it was held), then version 2, never 1 after it.
        assertThat(calls).extracting(Call::version).as("%s", calls).isSortedAccordingTo(Comparator.naturalOrder());
        Call firstNewer = calls.stream().filter(call -> call.version() == 2).findFirst().orElseThrow();
        assertThat(calls).filteredOn(call -> call.version() == 1).isNotEmpty()
                .allSatisfy(older -> assertThat(older.endedBefore(firstNewer)).as("%s", calls).isTrue());
        assertThat(TestEngine.search(project, "kestrel")).isEmpty();
        // The engine holds version 2: version 1 would change nothing there.
        assertThat(TestEngine.direct().indexFile(IndexFileRequest.newBuilder().setProjectId(project.toString())
                .setFileId(file.toString()).setPath("a.txt").setContent(ByteString.copyFromUtf8("kestrel")).setVersion(1).build())
                .getIndexed()).isFalse();
    }

    @Test
    void aProjectDeletedWhileItsIndexFileIsInFlightEndsDropped() {
        aDeletionWhileAnIndexFileIsInFlight((user, project) -> projectDeleted(user, project, 2));
    }

    @Test
    void aUserDeletedWhileTheirIndexFileIsInFlightEndsWithTheProjectDropped() {
        UUID user = aDeletionWhileAnIndexFileIsInFlight((deleted, project) -> userDeleted(deleted));
        // The call that ended after the erasure wrote nothing of the user back.
        assertThat(count("accounts where user_id = '" + user + "'")).isZero();
        assertThat(count("jobs where user_id = '" + user + "'")).isZero();
    }

    /** The deletion arrives while the project's IndexFile is held at the engine; returns the user. */
    private UUID aDeletionWhileAnIndexFileIsInFlight(BiFunction<UUID, UUID, Message> deletion) {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        projectCreated(user, project);
        Hold hold = holdIndexFile(file);
        fileUpserted(user, project, file, "in-flight.txt", "a moorhen in flight\n", 1);
        hold.awaitHeld();

        awaitConsumed(deletion.apply(user, project));
        // The file's row is cancelled (content gone) but kept while its call runs; the drop waits for it.
        assertThat(rows("select kind, status, content from jobs where project_id = ? order by kind", project))
                .extracting(row -> row.get("kind") + " " + row.get("status") + " " + row.get("content"))
                .containsExactly("drop pending null", "index cancelled null");
        assertThat(EngineCalls.writesOfProject(project)).extracting(Call::method).containsOnly("IndexFile");

        hold.release();
        awaitNoJobs(project);
        List<Call> calls = EngineCalls.writesOfProject(project);
        Call drop = calls.stream().filter(call -> call.method().equals("DropProject") && call.status() == Status.Code.OK)
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no DropProject: " + calls));
        assertThat(calls).filteredOn(call -> !call.method().equals("DropProject"))
                .allSatisfy(call -> assertThat(call.endedBefore(drop)).as("%s", calls).isTrue());
        assertThat(TestEngine.search(project, "moorhen")).isEmpty();
        // Nothing of the project reaches the engine afterwards.
        int seen = calls.size();
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> EngineCalls.writesOfProject(project).size() == seen);
        assertThat(TestEngine.search(project, "moorhen")).isEmpty();
        return user;
    }

    /**
     * The file's IndexFile calls wait at the engine until the hold is released: the first and, if
     * its deadline passes meanwhile, the worker's retries of it.
     */
    private static Hold holdIndexFile(UUID file) {
        Hold hold = new Hold();
        EngineCalls.script(EngineCalls.fileCall("IndexFile", file), Answer.hold(hold), Answer.hold(hold), Answer.hold(hold));
        return hold;
    }
}
