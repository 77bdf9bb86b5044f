package dev.orchestra.syncclient.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path folder;

    @AfterEach
    void noCrash() {
        AtomicFiles.beforeRename = () -> { };
    }

    static FolderState sample() {
        FolderState state = new FolderState();
        state.projectId = UUID.randomUUID();
        state.deviceId = UUID.randomUUID();
        state.deviceName = "laptop";
        state.cursor = "opaque";
        state.lastSeq = 41;
        state.nextMutationId = 8;
        state.lastSubmittedMutationId = 6;
        FileEntry entry = new FileEntry(UUID.randomUUID());
        entry.serverPath = "a.txt";
        entry.serverVersion = 3;
        entry.serverHash = "h3";
        entry.localPath = "a.txt";
        entry.localHash = "h4";
        state.files.put(entry.id, entry);
        PendingMutation update = new PendingMutation(7, PendingMutation.UPDATE, entry.id, "edited");
        update.baseVersion = 3L;
        update.contentHash = "h4";
        state.pending.add(update);
        state.waiting.put(entry.id, new RemoteState(entry.id, 4, false, "a.txt", "h5"));
        state.intents.add(new ApplyIntent(entry.id, "a.txt", "h4", "b.txt", "h5", 4));
        state.problems.add(new Problem("big.bin", null, Problem.BINARY, "binary", "hb", "now"));
        return state;
    }

    @Test
    void whatIsSavedIsWhatIsLoaded() throws IOException {
        StateStore store = new StateStore(folder);
        FolderState state = sample();
        store.save(state);

        FolderState loaded = store.load();

        assertThat(loaded).usingRecursiveComparison().isEqualTo(state);
    }

    @Test
    void aCrashBeforeTheRenameLeavesThePreviousStateWholeAndItsTemporaryFileForTheLockHolderToClear() throws IOException {
        StateStore store = new StateStore(folder);
        FolderState first = sample();
        store.save(first);
        FolderState second = sample();
        second.lastSeq = 99;
        AtomicFiles.beforeRename = () -> {
            throw new IllegalStateException("power cut");
        };

        assertThatThrownBy(() -> store.save(second)).hasMessage("power cut");
        // A crash at that point in a real process leaves the temporary file behind: one is put back here.
        Files.writeString(store.tmpDir().resolve("state.json.leftover.tmp"), "{\"last_seq\": 99, \"curs");
        AtomicFiles.beforeRename = () -> { };

        FolderState loaded = store.load();
        assertThat(loaded.lastSeq).isEqualTo(41);
        assertThat(loaded).usingRecursiveComparison().isEqualTo(first);
        // Loading reads only (a reader beside a running sync must not delete its temporary files) ...
        assertThat(Files.list(store.tmpDir())).hasSize(1);
        // ... the process that locks the folder clears them (SyncEngine.open).
        store.clearTmp();
        assertThat(Files.list(store.tmpDir())).isEmpty();
    }

    @Test
    void everySaveReplacesTheFileWholeNeverInPlace() throws IOException {
        StateStore store = new StateStore(folder);
        store.save(sample());
        Path file = store.dir().resolve("state.json");
        Object before = Files.getAttribute(file, "unix:ino");

        FolderState next = sample();
        next.lastSeq = 42;
        store.save(next);

        // A new inode: the old file was never opened for writing, so a reader never saw half of it.
        assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(before);
        assertThat(store.load().lastSeq).isEqualTo(42);
    }

    @Test
    void blobsAreContentAddressedAndCollectedWhenNoMutationNamesThem() throws IOException {
        Blobs blobs = new StateStore(folder).blobs();
        String kept = blobs.put("kept".getBytes());
        String dropped = blobs.put("dropped".getBytes());
        assertThat(kept).isEqualTo(Blobs.sha256("kept".getBytes()));

        blobs.keepOnly(java.util.Set.of(kept));

        assertThat(blobs.get(kept)).isEqualTo("kept".getBytes());
        assertThatThrownBy(() -> blobs.get(dropped)).isInstanceOf(IOException.class);
    }
}
