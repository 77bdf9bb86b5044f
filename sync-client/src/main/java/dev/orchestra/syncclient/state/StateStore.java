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
 *   tmp/           temporary files of atomic writes (leftovers of a crash are deleted on open)
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

    /** The last saved state; temporary files a crash left behind are removed. */
    public FolderState load() throws IOException {
        clearTmp();
        return Json.MAPPER.readValue(Files.readAllBytes(dir.resolve("state.json")), FolderState.class);
    }

    public void save(FolderState state) throws IOException {
        AtomicFiles.write(dir.resolve("state.json"), Json.MAPPER.writeValueAsBytes(state), tmpDir());
    }

    private void clearTmp() throws IOException {
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
