package dev.orchestra.syncclient.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.folder.Scanner.Kind;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.PendingMutation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {

    @TempDir
    Path dir;

    FolderState state;
    Scanner scanner;

    @BeforeEach
    void setUp() {
        state = new FolderState();
        scanner = new Scanner(new LocalFolder(dir, dir.resolve(".orchestra-sync/tmp")), Clock.systemUTC());
    }

    FileEntry tracked(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        FileEntry entry = new FileEntry(UUID.randomUUID());
        entry.serverPath = entry.localPath = path;
        entry.serverVersion = 1;
        entry.serverHash = entry.localHash = Blobs.sha256(content.getBytes());
        state.files.put(entry.id, entry);
        return entry;
    }

    @Test
    void findsCreatesUpdatesAndDeletesAndLeavesItsOwnDirectoryOut() throws IOException {
        FileEntry edited = tracked("a.txt", "1");
        FileEntry deleted = tracked("b.txt", "2");
        tracked("same.txt", "3");
        Files.writeString(dir.resolve("a.txt"), "1 edited");
        Files.delete(dir.resolve("b.txt"));
        Files.createDirectories(dir.resolve("new"));
        Files.writeString(dir.resolve("new/c.txt"), "4");
        Files.createDirectories(dir.resolve(".orchestra-sync"));
        Files.writeString(dir.resolve(".orchestra-sync/state.json"), "{}");

        Scanner.Result result = scanner.scan(state);

        assertThat(result.edits()).extracting(edit -> edit.kind() + " " + edit.path())
                .containsExactlyInAnyOrder("UPDATE a.txt", "CREATE new/c.txt", "DELETE b.txt");
        assertThat(result.edits()).filteredOn(edit -> edit.kind() == Kind.UPDATE).singleElement()
                .satisfies(edit -> assertThat(edit.fileId()).isEqualTo(edited.id));
        assertThat(result.edits()).filteredOn(edit -> edit.kind() == Kind.DELETE).singleElement()
                .satisfies(edit -> assertThat(edit.fileId()).isEqualTo(deleted.id));
    }

    @Test
    void aVanishedFileWhoseContentAppearsElsewhereIsARenameKeepingItsId() throws IOException {
        FileEntry moved = tracked("old/name.txt", "same content");
        Files.createDirectories(dir.resolve("new"));
        Files.move(dir.resolve("old/name.txt"), dir.resolve("new/name.txt"));

        Scanner.Result result = scanner.scan(state);

        assertThat(result.edits()).singleElement().satisfies(edit -> {
            assertThat(edit.kind()).isEqualTo(Kind.RENAME);
            assertThat(edit.fileId()).isEqualTo(moved.id);
            assertThat(edit.fromPath()).isEqualTo("old/name.txt");
            assertThat(edit.path()).isEqualTo("new/name.txt");
        });
    }

    @Test
    void aFileWithAMutationInFlightWaitsForItsAnswer() throws IOException {
        FileEntry busy = tracked("a.txt", "1");
        state.pending.add(new PendingMutation(1, PendingMutation.UPDATE, busy.id, "edited"));
        Files.writeString(dir.resolve("a.txt"), "edited again");

        assertThat(scanner.scan(state).edits()).isEmpty();
    }

    @Test
    void aRenameToAPathTheServerRefusesIsReportedAndDeletesNothing() throws IOException {
        tracked("notes.txt", "keep me");
        Files.move(dir.resolve("notes.txt"), dir.resolve("notes:old.txt"));

        Scanner.Result result = scanner.scan(state);

        assertThat(result.edits()).isEmpty();
        assertThat(result.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.path()).isEqualTo("notes:old.txt");
            assertThat(skip.reason()).isEqualTo("invalid_path");
        });
    }

    @Test
    void binaryAndOversizedFilesAreSkippedWithTheirReason() throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[] {1, 0, 2});
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Files.write(dir.resolve("big.txt"), new byte[1024 * 1024 + 1]);

        Scanner.Result result = scanner.scan(state);

        assertThat(result.edits()).isEmpty();
        assertThat(result.skipped()).extracting(skip -> skip.path() + "=" + skip.reason())
                .containsExactlyInAnyOrder("a.bin=binary", "latin1.txt=binary", "big.txt=too_large");
    }
}
