package dev.orchestra.e2e;

import static dev.orchestra.e2e.SyncClients.files;
import static dev.orchestra.e2e.SyncClients.since;
import static dev.orchestra.e2e.SyncClients.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.syncclient.Session;
import dev.orchestra.syncclient.engine.SyncEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two folders of one user, each synced by the reference client (sync-client/) through the gateway: a
 * file made in one appears in the other, renames keep the file's id, deletes follow, and a device that
 * was stopped while both sides edited one file comes back to one conflict copy and nothing lost. Each
 * effect is waited for up to 30 s; the times are reported (TestReporter: the surefire report).
 */
class SyncClientJourneyTest {

    static final Duration EFFECT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    Session session;
    UUID project;
    Path a;
    Path b;

    @BeforeEach
    void aUserWithAProjectAndTwoFolders() throws Exception {
        String email = SyncClients.register();
        Path config = root.resolve("config");
        SyncClients.login(config, email, null);
        session = Session.open(config, null);
        project = session.api().createProject("Two folders").id();
        a = Files.createDirectories(root.resolve("a"));
        b = Files.createDirectories(root.resolve("b"));
    }

    @Test
    void aFileMadeInOneFolderAppearsInTheOtherAndRenamesAndDeletesFollow(TestReporter reporter) throws Exception {
        try (SyncEngine onA = SyncClients.live(a, session, project, "desk-a"); SyncEngine onB = SyncClients.live(b, session, project, "desk-b")) {
            long start = System.nanoTime();
            write(a, "src/hello.txt", "hello from A\n");
            await("the file made in A, in B").atMost(EFFECT).pollInterval(Duration.ofMillis(50))
                    .until(() -> "hello from A\n".equals(files(b).get("src/hello.txt")));
            SyncClients.report(reporter, "create A→B ms", String.valueOf(since(start).toMillis()));
            String id = SyncClients.serverFiles(session, project).get("src/hello.txt");
            assertThat(id).isNotNull();

            start = System.nanoTime();
            Files.createDirectories(a.resolve("docs"));
            Files.move(a.resolve("src/hello.txt"), a.resolve("docs/hello.md"));
            await("the rename, in B").atMost(EFFECT).pollInterval(Duration.ofMillis(50))
                    .until(() -> files(b).equals(Map.of("docs/hello.md", "hello from A\n")));
            SyncClients.report(reporter, "rename A→B ms", String.valueOf(since(start).toMillis()));
            // A rename is a path update: the same file, not a delete and a create.
            assertThat(SyncClients.serverFiles(session, project)).isEqualTo(Map.of("docs/hello.md", id));
            assertThat(b.resolve("src")).doesNotExist();

            start = System.nanoTime();
            Files.delete(b.resolve("docs/hello.md"));
            await("the delete made in B, in A").atMost(EFFECT).pollInterval(Duration.ofMillis(50)).until(() -> files(a).isEmpty());
            SyncClients.report(reporter, "delete B→A ms", String.valueOf(since(start).toMillis()));
            assertThat(SyncClients.serverFiles(session, project)).isEmpty();
            assertThat(onA.status().pending()).isEmpty();
            assertThat(onB.status().conflicts()).isEmpty();
        }
    }

    @Test
    void aFolderStoppedWhileBothSidesEditedOneFileComesBackWithOneConflictCopyAndNothingLost(TestReporter reporter) throws Exception {
        SyncEngine onA = SyncClients.live(a, session, project, "desk-a");
        SyncEngine onB = SyncClients.live(b, session, project, "desk-b");
        try {
            write(a, "notes.txt", "first\n");
            await("notes.txt in B").atMost(EFFECT).until(() -> "first\n".equals(files(b).get("notes.txt")));

            onB.close(); // B offline: its client stopped
            write(a, "notes.txt", "edited on A\n");
            write(b, "notes.txt", "edited on B while offline\n");
            write(b, "offline.txt", "made on B while offline\n");
            await("A's edit on the server").atMost(EFFECT).pollInterval(Duration.ofMillis(100))
                    .until(() -> "edited on A\n".equals(SyncClients.serverContent(session, project, "notes.txt")));

            long start = System.nanoTime();
            onB = SyncClients.live(b, session, project, "desk-b");
            SyncEngine restarted = onB;
            await("both folders converged").atMost(EFFECT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<String, String> onDiskA = files(a);
                return onDiskA.size() == 3 && onDiskA.equals(files(b)) && restarted.status().pending().isEmpty();
            });
            SyncClients.report(reporter, "offline edits converged ms", String.valueOf(since(start).toMillis()));

            Map<String, String> converged = files(b);
            assertThat(converged).containsEntry("notes.txt", "edited on A\n").containsEntry("offline.txt", "made on B while offline\n");
            assertThat(converged.keySet()).filteredOn(path -> path.contains("(conflict ")).singleElement().satisfies(copy -> {
                assertThat(copy).matches("notes \\(conflict \\d{4}-\\d{2}-\\d{2} \\d{4} from desk-b\\)\\.txt");
                assertThat(converged.get(copy)).isEqualTo("edited on B while offline\n");
            });
            assertThat(restarted.status().conflicts()).singleElement().satisfies(conflict -> assertThat(conflict.path).isEqualTo("notes.txt"));
            assertThat(SyncClients.serverFiles(session, project).keySet()).isEqualTo(converged.keySet());
        } finally {
            onA.close();
            onB.close();
        }
    }
}
