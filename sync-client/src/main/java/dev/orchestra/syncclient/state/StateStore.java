package dev.orchestra.syncclient.state;

import dev.orchestra.syncclient.protocol.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder's state directory, {@code DIR/.orchestra-sync/}:
 * <pre>
 *   state.json     the {@link FolderState}, replaced whole and atomically on every change
 *   blobs/SHA256   content of pending mutations (immutable, written before the mutation that names it)
 *   tmp/           temporary files of atomic writes (a crash's leftovers are deleted by the next process to lock the folder)
 *   sync.log       what happened, for people
 *   lock           held by the process syncing the folder
 * </pre>
 * A crash leaves either the previous state.json or the next one, never a torn one ({@link AtomicFiles}).
 */
public final class StateStore {

    public static final String DIR_NAME = ".orchestra-sync";

    private final Path folder;
    private final Path dir;
    private final Blobs blobs;

    public StateStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        this.dir = this.folder.resolve(DIR_NAME);
        this.blobs = new Blobs(dir.resolve("blobs"), tmpDir());
    }

    public Path folder() {
        return folder;
    }

    public Path dir() {
        return dir;
    }

    public Path tmpDir() {
        return dir.resolve("tmp");
    }

    public Path logFile() {
        return dir.resolve("sync.log");
    }

    public Blobs blobs() {
        return blobs;
    }

    public boolean exists() {
        return Files.exists(dir.resolve("state.json"));
    }

    /**
     * The last saved state, read only: nothing in the folder is touched, so a reader ({@code status}) can
     * run beside the process syncing the folder, whose atomic writes are under way in {@link #tmpDir}.
     */
    public FolderState load() throws IOException {
        return Json.MAPPER.readValue(Files.readAllBytes(dir.resolve("state.json")), FolderState.class);
    }

    public void save(FolderState state) throws IOException {
        AtomicFiles.write(dir.resolve("state.json"), Json.MAPPER.writeValueAsBytes(state), tmpDir());
    }

    /**
     * Deletes the temporary files a crash left behind. Only for the process holding the folder's lock
     * (the {@code lock} file, taken by {@code SyncEngine.open}): any other would delete the files of the
     * running sync's atomic writes, and its next rename would fail.
     */
    public void clearTmp() throws IOException {
        if (!Files.isDirectory(tmpDir())) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir())) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }
}
