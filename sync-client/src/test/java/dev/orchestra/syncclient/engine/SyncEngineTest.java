package dev.orchestra.syncclient.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.syncclient.cli.Cli;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.Problem;
import dev.orchestra.syncclient.state.StateFaults;
import dev.orchestra.syncclient.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the protocol's rules in memory ({@link FakeSyncServer}): no stack needed. */
class SyncEngineTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneId.of("UTC"));

    @TempDir
    Path dir;

    final FakeSyncServer server = new FakeSyncServer();

    @AfterEach
    void diskWorksAgain() {
        StateFaults.heal();
    }

    SyncEngine open() throws IOException {
        return SyncEngine.open(dir, new Connection(null, "user-1", server, null, null), server.projectId, "laptop",
                SyncOptions.defaults(), CLOCK, null);
    }

    boolean once() throws IOException {
        try (SyncEngine engine = open()) {
            return engine.syncOnce(Duration.ofSeconds(10));
        }
    }

    void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    String read(String path) throws IOException {
        return Files.readString(dir.resolve(path));
    }

    FolderState state() throws IOException {
        return new StateStore(dir).load();
    }

    @Test
    void theFirstSyncWritesEveryFileAndLaterOnesPullFromTheSavedCursor() throws IOException {
        server.write(null, "README.md", "hello\n");
        server.write(null, "src/main.rs", "fn main() {}\n");

        assertThat(once()).isTrue();
        assertThat(read("README.md")).isEqualTo("hello\n");
        assertThat(read("src/main.rs")).isEqualTo("fn main() {}\n");
        assertThat(state().cursor).isEqualTo("2:0");
        assertThat(state().lastSeq).isEqualTo(2);

        server.write(null, "src/lib.rs", "pub fn f() {}\n");
        assertThat(once()).isTrue();
        assertThat(read("src/lib.rs")).isEqualTo("pub fn f() {}\n");
        // One snapshot ever: every later pull continued from the cursor the previous one saved.
        assertThat(server.cursorsAsked.get(0)).isNull();
        assertThat(server.cursorsAsked.subList(1, server.cursorsAsked.size())).doesNotContainNull();
        assertThat(state().cursor).isEqualTo("3:0");
    }

    @Test
    void editsMadeOfflineAreQueuedDurablyAndPushedInOrderLater() throws IOException {
        assertThat(once()).isTrue();
        server.offline = true;
        write("a.txt", "a");
        write("b.txt", "b");
        write("c/d.txt", "d");
        assertThatThrownBy(this::once).isInstanceOf(IOException.class);
        // The process ended: what it queued is on disk, ids 1..3, content in blobs.
        assertThat(state().pending).extracting(mutation -> mutation.id).containsExactly(1L, 2L, 3L);
        assertThat(state().pending).extracting(mutation -> mutation.path).containsExactly("a.txt", "b.txt", "c/d.txt");

        server.offline = false;
        assertThat(once()).isTrue();
        assertThat(server.pushedIds).containsExactly(1L, 2L, 3L);
        assertThat(server.live("c/d.txt").content).isEqualTo("d");
        assertThat(state().pending).isEmpty();
        assertThat(Files.list(dir.resolve(".orchestra-sync/blobs"))).isEmpty();
    }

    @Test
    void anEditOnAStaleVersionKeepsTheServersVersionUnderTheNameAndThisDevicesAsAConflictCopy() throws IOException {
        UUID notes = server.write(null, "docs/notes.txt", "first\n");
        assertThat(once()).isTrue();
        server.write(notes, "docs/notes.txt", "theirs\n");
        write("docs/notes.txt", "mine\n");

        assertThat(once()).isTrue();

        String copy = "docs/notes (conflict 2026-11-25 1015 from laptop).txt";
        assertThat(read("docs/notes.txt")).isEqualTo("theirs\n");
        assertThat(read(copy)).isEqualTo("mine\n");
        assertThat(server.live("docs/notes.txt").id).isEqualTo(notes);
        assertThat(server.live("docs/notes.txt").content).isEqualTo("theirs\n");
        assertThat(server.live(copy).content).isEqualTo("mine\n");
        assertThat(state().conflicts).singleElement().satisfies(conflict -> {
            assertThat(conflict.path).isEqualTo("docs/notes.txt");
            assertThat(conflict.copyPath).isEqualTo(copy);
        });
        // Settled: another round changes nothing.
        assertThat(once()).isTrue();
        assertThat(Files.list(dir.resolve("docs"))).hasSize(2);
    }

    @Test
    void aFileDeletedOnTheServerButEditedHereIsPushedAgainUnderANewId() throws IOException {
        UUID plan = server.write(null, "plan.md", "v1");
        assertThat(once()).isTrue();
        server.delete(plan);
        write("plan.md", "v2 edited here");

        assertThat(once()).isTrue();

        assertThat(read("plan.md")).isEqualTo("v2 edited here");
        assertThat(server.live("plan.md").content).isEqualTo("v2 edited here");
        assertThat(server.live("plan.md").id).isNotEqualTo(plan);
    }

    @Test
    void aRenameIsAPathUpdateKeepingTheFileIdAndADeleteIsPushed() throws IOException {
        UUID id = server.write(null, "old.txt", "content");
        UUID gone = server.write(null, "gone.txt", "bye");
        assertThat(once()).isTrue();
        Files.createDirectories(dir.resolve("moved"));
        Files.move(dir.resolve("old.txt"), dir.resolve("moved/new.txt"));
        Files.delete(dir.resolve("gone.txt"));

        assertThat(once()).isTrue();

        assertThat(server.live("moved/new.txt").id).isEqualTo(id);
        assertThat(server.live("old.txt")).isNull();
        assertThat(server.files.get(gone).deleted).isTrue();
    }

    @Test
    void remoteRenamesAndDeletesReachTheDisk() throws IOException {
        UUID id = server.write(null, "a.txt", "A");
        UUID other = server.write(null, "b.txt", "B");
        assertThat(once()).isTrue();
        server.write(id, "sub/a.txt", "A");
        server.delete(other);

        assertThat(once()).isTrue();

        assertThat(read("sub/a.txt")).isEqualTo("A");
        assertThat(dir.resolve("a.txt")).doesNotExist();
        assertThat(dir.resolve("b.txt")).doesNotExist();
    }

    @Test
    void aPlanLimitRejectionLeavesTheFileUntouchedAndIsReportedNotRetried() throws IOException {
        server.fileLimit = 1;
        write("one.txt", "1");
        assertThat(once()).isTrue();
        write("two.txt", "2");

        assertThat(once()).isTrue();

        assertThat(read("two.txt")).isEqualTo("2");
        assertThat(server.live("two.txt")).isNull();
        List<Problem> problems = state().problems;
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path).isEqualTo("two.txt");
            assertThat(problem.reason).isEqualTo("plan_limit");
        });
        int pushes = server.pushedIds.size();
        try (SyncEngine engine = open()) {
            // A new start tries server refusals once more (the plan may have changed) …
            engine.syncOnce(Duration.ofSeconds(10));
        }
        assertThat(server.pushedIds).hasSize(pushes + 1);
        assertThat(server.live("two.txt")).isNull();
        assertThat(Status.of(state()).render()).contains("two.txt: plan_limit");
    }

    @Test
    void aPathTheServerRefusesIsReportedInStatusAndTheLogAndTheFileLeftUntouched() throws IOException {
        server.refusedPaths.add("drafts/refused.txt");
        write("drafts/refused.txt", "kept as it is\n");
        write("accepted.txt", "synced\n");
        FileTime writtenAt = Files.getLastModifiedTime(dir.resolve("drafts/refused.txt"));

        try (SyncEngine engine = open()) {
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
            int pushes = server.pushedIds.size();
            // Refused as it is: not pushed again by this run until the file changes.
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
            assertThat(server.pushedIds).hasSize(pushes);
        }

        assertThat(read("drafts/refused.txt")).isEqualTo("kept as it is\n");
        assertThat(Files.getLastModifiedTime(dir.resolve("drafts/refused.txt"))).isEqualTo(writtenAt);
        assertThat(server.live("drafts/refused.txt")).isNull();
        assertThat(server.live("accepted.txt").content).isEqualTo("synced\n");
        assertThat(state().pending).isEmpty();
        assertThat(state().problems).singleElement().satisfies(problem -> {
            assertThat(problem.path).isEqualTo("drafts/refused.txt");
            assertThat(problem.reason).isEqualTo("validation_failed");
        });
        assertThat(Status.of(state()).render()).contains("drafts/refused.txt: validation_failed");
        assertThat(Files.readString(dir.resolve(".orchestra-sync/sync.log")))
                .contains("drafts/refused.txt: not synced (validation_failed");
    }

    @Test
    void aRemoteUpdateNeverOverwritesALocalEditTheScanHasNotSeenYet() throws IOException {
        UUID notes = server.write(null, "notes.txt", "v1\n");
        try (SyncEngine engine = open()) {
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
            write("notes.txt", "edited here, not scanned yet\n");
            server.write(notes, "notes.txt", "edited on another device\n");

            // The socket brings the other device's version before any scan has queued the local edit.
            engine.receive(server.frame(2, 2));

            assertThat(read("notes.txt")).isEqualTo("edited here, not scanned yet\n");
            assertThat(state().lastSeq).isEqualTo(2);
            // The remote state is held back (README, step 5) …
            assertThat(state().waiting).containsOnlyKeys(notes);
            assertThat(state().waiting.get(notes).version).isEqualTo(2);

            // … until the edit, pushed on the version it was made on, is refused as stale: both sides kept.
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
        }
        String copy = "notes (conflict 2026-11-25 1015 from laptop).txt";
        assertThat(read("notes.txt")).isEqualTo("edited on another device\n");
        assertThat(read(copy)).isEqualTo("edited here, not scanned yet\n");
        assertThat(server.live("notes.txt").id).isEqualTo(notes);
        assertThat(server.live(copy).content).isEqualTo("edited here, not scanned yet\n");
        assertThat(state().conflicts).singleElement().satisfies(conflict -> assertThat(conflict.copyPath).isEqualTo(copy));
        assertThat(state().waiting).isEmpty();
    }

    @Test
    void aRemoteDeleteNeverRemovesALocalEditTheScanHasNotSeenYet() throws IOException {
        UUID plan = server.write(null, "plan.md", "v1");
        try (SyncEngine engine = open()) {
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
            write("plan.md", "v2 edited here, not scanned yet");
            server.delete(plan);

            engine.receive(server.frame(2, 2));

            assertThat(read("plan.md")).isEqualTo("v2 edited here, not scanned yet");
            assertThat(state().waiting).containsOnlyKeys(plan);
            assertThat(state().waiting.get(plan).deleted).isTrue();

            // The edit, pushed, meets the tombstone (not_found): the file is pushed again under a new id.
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(read("plan.md")).isEqualTo("v2 edited here, not scanned yet");
        assertThat(server.live("plan.md").content).isEqualTo("v2 edited here, not scanned yet");
        assertThat(server.live("plan.md").id).isNotEqualTo(plan);
        assertThat(state().waiting).isEmpty();
    }

    @Test
    void filesTheApiCannotCarryAreSkippedWithAReasonNotHalfSynced() throws IOException {
        Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});
        Files.write(dir.resolve("big.txt"), "x".repeat(1024 * 1024 + 1).getBytes(StandardCharsets.UTF_8));
        write("ok.txt", "fine");

        assertThat(once()).isTrue();

        assertThat(server.live("ok.txt")).isNotNull();
        assertThat(server.live("image.png")).isNull();
        assertThat(server.live("big.txt")).isNull();
        assertThat(state().problems).extracting(problem -> problem.path + "=" + problem.reason)
                .containsExactlyInAnyOrder("image.png=binary", "big.txt=too_large");
    }

    @Test
    void aFolderStaysBoundToItsProject() throws IOException {
        assertThat(once()).isTrue();
        assertThatThrownBy(() -> SyncEngine.open(dir, new Connection(null, "user-1", server, null, null), UUID.randomUUID(), "laptop",
                SyncOptions.defaults(), CLOCK, null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("is synced with project");
    }

    @Test
    void framesFollowingTheLastSeqAreAppliedWithTheirCursorAGapIsPulledAndUnknownTypesAreIgnored() throws IOException {
        server.write(null, "a.txt", "a");
        try (SyncEngine engine = open()) {
            engine.syncOnce(Duration.ofSeconds(10));
            assertThat(state().lastSeq).isEqualTo(1);
            server.write(null, "b.txt", "b");
            server.write(null, "c.txt", "c");
            int pulls = server.cursorsAsked.size();

            // Seq 2 never came (a socket dropped it): the frame of seq 3 is a gap, and the engine pulls from its cursor.
            engine.receive(server.frame(3, 3));
            assertThat(server.cursorsAsked).hasSize(pulls + 1).last().isEqualTo("1:0");
            assertThat(read("b.txt")).isEqualTo("b");
            assertThat(read("c.txt")).isEqualTo("c");
            assertThat(engine.stats().gapsDetected.get()).isEqualTo(1);

            server.write(null, "d.txt", "d");
            engine.receive(server.frame(4, 4));
            assertThat(read("d.txt")).isEqualTo("d");
            assertThat(state().cursor).isEqualTo("4:0");
            assertThat(state().lastSeq).isEqualTo(4);
            assertThat(server.cursorsAsked).hasSize(pulls + 1);

            // Repeats (the overlap of two sockets during a renewal) and types this client does not know change nothing.
            engine.receive(server.frame(4, 4));
            engine.receive(dev.orchestra.syncclient.protocol.Json.MAPPER.readTree(
                    "{\"type\":\"account\",\"plan\":\"pro\",\"status\":\"active\",\"cancel_at_period_end\":false,\"current_period_end\":null}"));
            engine.receive(dev.orchestra.syncclient.protocol.Json.MAPPER.readTree("{\"type\":\"something_new\",\"changes\":[1]}"));
            assertThat(server.cursorsAsked).hasSize(pulls + 1);
            assertThat(state().lastSeq).isEqualTo(4);
            assertThat(engine.stats().framesApplied.get()).isEqualTo(1);
        }
    }

    @Test
    void statusReadsTheStateWithoutTouchingTheRunningSyncsTemporaryFiles() throws IOException {
        assertThat(once()).isTrue();
        try (SyncEngine engine = open()) {
            // An atomic write of the running sync, between its temporary file and its rename.
            Path inFlight = dir.resolve(".orchestra-sync/tmp/state.json.in-flight.tmp");
            Files.writeString(inFlight, "{}");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(Map.of(), InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), null, CLOCK);

            assertThat(cli.run("status", dir.toString())).isEqualTo(0);

            assertThat(out.toString(StandardCharsets.UTF_8)).contains(engine.deviceId().toString());
            assertThat(inFlight).exists();
            dev.orchestra.syncclient.state.AtomicFiles.move(inFlight, dir.resolve("synced-by-the-running-engine.txt")); // its rename still works
        }
        // The next process to lock the folder clears what a crash may have left.
        Path leftover = dir.resolve(".orchestra-sync/tmp/a.txt.crashed.tmp");
        Files.writeString(leftover, "half");
        try (SyncEngine engine = open()) {
            assertThat(leftover).doesNotExist();
        }
    }

    @Test
    void afterAFailedSaveNothingIsPushedUntilTheStateIsSavedAgain() throws Exception {
        server.write(null, "gone.txt", "bye");
        assertThat(once()).isTrue();
        AtomicInteger failedSaves = new AtomicInteger();
        CountDownLatch threeFailures = new CountDownLatch(3);
        SyncOptions fast = new SyncOptions(Duration.ofMillis(10), false, Duration.ofSeconds(3), Duration.ofSeconds(75), Duration.ofMillis(10));
        try (SyncEngine engine = SyncEngine.open(dir, new Connection(null, "user-1", server, null, null), server.projectId, "laptop",
                fast, CLOCK, null)) {
            Files.delete(dir.resolve("gone.txt"));
            StateFaults.failWrites(failedSaves, threeFailures::countDown);
            engine.start();

            // The delete is queued in memory, its save fails, and the engine goes on ticking (and failing to save).
            assertThat(threeFailures.await(10, TimeUnit.SECONDS)).isTrue();
            synchronized (server) {
                assertThat(server.pushedIds).isEmpty();
            }
        }
        StateFaults.heal();
        assertThat(state().pending).isEmpty(); // never saved: a crash here forgets the delete, so its id was never sent

        assertThat(once()).isTrue();
        assertThat(server.pushedIds).containsExactly(1L);
        assertThat(server.live("gone.txt")).isNull();
    }

    @Test
    void anUpdateWhoseContentCannotBeKeptIsNotQueued() throws IOException {
        server.write(null, "notes.txt", "v1");
        assertThat(once()).isTrue();
        try (SyncEngine engine = open()) {
            write("notes.txt", "v2 edited here");
            StateFaults.failWrites(new AtomicInteger(), () -> { });

            assertThatThrownBy(() -> engine.syncOnce(Duration.ofSeconds(10))).hasMessageContaining("disk full");
            assertThat(engine.status().pending()).isEmpty();

            StateFaults.heal();
            assertThat(engine.syncOnce(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(server.pushedIds).containsExactly(1L);
        assertThat(server.live("notes.txt").content).isEqualTo("v2 edited here");
        assertThat(state().pending).isEmpty();
    }
}
