package dev.orchestra.syncclient.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.folder.LocalFolder;
import dev.orchestra.syncclient.state.ApplyIntent;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.FolderState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash between the write-ahead intent and the commit: the disk decides which view the entry takes. */
class RecoveryTest {

    @TempDir
    Path dir;

    LocalFolder folder;
    FolderState state;
    FileEntry entry;

    static String hash(String text) {
        return Blobs.sha256(text.getBytes());
    }

    @BeforeEach
    void aSyncedFile() throws IOException {
        folder = new LocalFolder(dir, dir.resolve(".orchestra-sync/tmp"));
        state = new FolderState();
        entry = new FileEntry(UUID.randomUUID());
        entry.serverPath = entry.localPath = "notes.txt";
        entry.serverVersion = 1;
        entry.serverHash = entry.localHash = hash("v1");
        state.files.put(entry.id, entry);
        folder.write("notes.txt", "v1".getBytes());
    }

    @Test
    void anOperationThatDidNotHappenLeavesTheBeforeView() throws IOException {
        state.intents.add(new ApplyIntent(entry.id, "notes.txt", hash("v1"), "notes.txt", hash("v2"), 2));

        assertThat(Recovery.recover(state, folder)).isTrue();

        assertThat(entry.serverVersion).isEqualTo(1);
        assertThat(entry.localHash).isEqualTo(hash("v1"));
        assertThat(state.intents).isEmpty();
    }

    @Test
    void anOperationThatHappenedTakesTheAfterViewAndFinishesTheRename() throws IOException {
        state.intents.add(new ApplyIntent(entry.id, "notes.txt", hash("v1"), "docs/notes.txt", hash("v2"), 2));
        // The crash came after the new file was written and before the old path was removed.
        folder.write("docs/notes.txt", "v2".getBytes());

        Recovery.recover(state, folder);

        assertThat(entry.localPath).isEqualTo("docs/notes.txt");
        assertThat(entry.serverPath).isEqualTo("docs/notes.txt");
        assertThat(entry.serverVersion).isEqualTo(2);
        assertThat(entry.localHash).isEqualTo(hash("v2"));
        assertThat(dir.resolve("notes.txt")).doesNotExist();
    }

    @Test
    void aLocalEditMadeAfterTheCrashIsNeitherViewAndStaysAnEdit() throws IOException {
        state.intents.add(new ApplyIntent(entry.id, "notes.txt", hash("v1"), "notes.txt", hash("v2"), 2));
        folder.write("notes.txt", "typed after the crash".getBytes());

        Recovery.recover(state, folder);

        // The before view stays: the scan sees an edit on version 1, pushes it, and the server sorts it out.
        assertThat(entry.localHash).isEqualTo(hash("v1"));
        assertThat(entry.serverVersion).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("typed after the crash");
    }

    @Test
    void aRemoteDeleteThatHappenedForgetsTheFile() throws IOException {
        state.intents.add(new ApplyIntent(entry.id, "notes.txt", hash("v1"), null, null, 0));
        folder.delete("notes.txt");

        Recovery.recover(state, folder);

        assertThat(state.files).isEmpty();
    }

    @Test
    void anEvictionThatHappenedKeepsTheFileToWriteAgain() throws IOException {
        ApplyIntent eviction = new ApplyIntent(entry.id, "notes.txt", hash("v1"), null, null, 0);
        eviction.evict = true;
        state.intents.add(eviction);
        folder.delete("notes.txt");

        Recovery.recover(state, folder);

        assertThat(entry.localPath).isNull();
        assertThat(state.waiting).containsKey(entry.id);
        assertThat(state.waiting.get(entry.id).path).isEqualTo("notes.txt");
    }
}
