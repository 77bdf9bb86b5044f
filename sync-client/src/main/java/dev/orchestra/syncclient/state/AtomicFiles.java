package dev.orchestra.syncclient.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Whole-file replacement that a crash cannot tear: the bytes go to a temporary file in the same
 * directory tree, are forced to disk, and the temporary file is renamed over the target in one atomic
 * step; then the directory itself is forced, so the rename survives a power cut. A reader sees the old
 * file or the new one, never a mix.
 */
public final class AtomicFiles {

    /** Test seam: runs after the temporary file is durable and before the rename (a crash there). */
    static volatile Runnable beforeRename = () -> { };

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically, the temporary file made in {@code tmpDir} (same file system). */
    public static void write(Path target, byte[] bytes, Path tmpDir) throws IOException {
        Files.createDirectories(tmpDir);
        Path tmp = tmpDir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            beforeRename.run();
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            move(tmp, target);
            forceDirectory(parent);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames atomically, replacing the target. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only across file systems, which never happens here (temporary files live in the same tree).
            throw new IOException("cannot rename atomically from " + from + " to " + to, e);
        }
    }

    /** Makes a directory's entries (a rename into it) durable; a no-op where the platform cannot open directories. */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
