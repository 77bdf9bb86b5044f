package dev.orchestra.e2e;

import static dev.orchestra.e2e.SyncClients.files;
import static dev.orchestra.e2e.SyncClients.since;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a 500-file folder (the free plan's limit per project): {@code sync --once} pushes
 * it all, a second folder's first sync writes it all back (a snapshot, content by batch-get), and the
 * 501st file is refused by the plan — reported by {@code status}, left on disk. Times are reported.
 * And a project name two projects share is refused by {@code sync}, which binds no folder then.
 */
class SyncClientFirstSyncTest {

    static final int FILES = 500;

    @TempDir
    Path root;

    @Test
    void aFiveHundredFileFolderSyncsBothWaysAndTheFileOverThePlanIsReportedAndKept(TestReporter reporter) throws Exception {
        String email = SyncClients.register();
        Path config = root.resolve("config");
        SyncClients.login(config, email, null);
        SyncClients.Run made = SyncClients.cli(config, "", "projects", "--create", "Five hundred");
        assertThat(made.code()).as(made.err()).isZero();
        String listed = SyncClients.cli(config, "", "projects").out();
        assertThat(listed).contains("Five hundred");
        UUID project = UUID.fromString(made.out().trim().split("\\s+")[0]);

        Path up = Files.createDirectories(root.resolve("up"));
        Map<String, String> written = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            String path = "module-" + (i % 10) + "/file-" + i + ".txt";
            String content = "line of file " + i + "\n".repeat(1 + i % 5);
            SyncClients.write(up, path, content);
            written.put(path, content);
        }

        long start = System.nanoTime();
        SyncClients.Run pushed = SyncClients.cli(config, "", "sync", "Five hundred", up.toString(), "--once", "--timeout", "30");
        SyncClients.report(reporter, "500 files up (sync --once) ms", String.valueOf(since(start).toMillis()));
        assertThat(pushed.code()).as(pushed.err()).isZero();
        assertThat(pushed.out()).contains("pending      0 mutation(s)", "files        500");
        Map<String, String> onServer = SyncClients.serverFiles(Session.open(config, null), project);
        assertThat(onServer.keySet()).isEqualTo(written.keySet());

        Path down = root.resolve("down");
        start = System.nanoTime();
        SyncClients.Run pulled = SyncClients.cli(config, "", "sync", project.toString(), down.toString(), "--once", "--timeout", "30");
        SyncClients.report(reporter, "500 files down (first sync of an empty folder) ms", String.valueOf(since(start).toMillis()));
        assertThat(pulled.code()).as(pulled.err()).isZero();
        assertThat(files(down)).isEqualTo(written);

        SyncClients.write(up, "one-too-many.txt", "over the plan\n");
        SyncClients.Run refused = SyncClients.cli(config, "", "sync", project.toString(), up.toString(), "--once", "--timeout", "30");
        assertThat(refused.code()).as(refused.err()).isZero();
        String status = SyncClients.cli(config, "", "status", up.toString()).out();
        assertThat(status).contains("problems     1", "one-too-many.txt: plan_limit");
        assertThat(Files.readString(up.resolve("one-too-many.txt"))).isEqualTo("over the plan\n");
        assertThat(SyncClients.serverFiles(Session.open(config, null), project)).doesNotContainKey("one-too-many.txt").hasSize(FILES);
    }

    @Test
    void aProjectNameTwoProjectsShareIsRefusedAndNoFolderIsBound() throws Exception {
        String email = SyncClients.register();
        Path config = root.resolve("config");
        SyncClients.login(config, email, null);
        SyncClients.Run first = SyncClients.cli(config, "", "projects", "--create", "Twins");
        SyncClients.Run second = SyncClients.cli(config, "", "projects", "--create", "Twins");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.code()).as(second.err()).isZero();
        String firstId = first.out().trim().split("\\s+")[0];
        String secondId = second.out().trim().split("\\s+")[0];

        Path dir = root.resolve("twins");
        SyncClients.Run refused = SyncClients.cli(config, "", "sync", "Twins", dir.toString(), "--once", "--timeout", "30");

        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("orchestra-sync: 2 projects are named Twins: give the id of one of", firstId, secondId);
        // Refused before the folder was opened: no device made, no project bound to it.
        assertThat(dir.resolve(".orchestra-sync")).doesNotExist();
        SyncClients.Run byId = SyncClients.cli(config, "", "sync", secondId, dir.toString(), "--once", "--timeout", "30");
        assertThat(byId.code()).as(byId.err()).isZero();
    }
}
