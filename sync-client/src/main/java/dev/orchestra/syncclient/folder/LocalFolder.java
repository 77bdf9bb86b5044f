package dev.orchestra.syncclient.folder;

import dev.orchestra.syncclient.state.AtomicFiles;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.StateStore;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The synced folder on disk, addressed by relative {@code /}-separated paths as the server names them.
 * Every write is atomic (a temporary file in {@code .orchestra-sync/tmp}, renamed into place), so a
 * reader — an editor, the next scan — never sees half a file. The state directory is never listed.
 */
public final class LocalFolder {

    private final Path root;
    private final Path tmpDir;

    public LocalFolder(Path root, Path tmpDir) {
        this.root = root.toAbsolutePath().normalize();
        this.tmpDir = tmpDir;
    }

    public Path root() {
        return root;
    }

    public Path resolve(String path) {
        return root.resolve(path.replace('/', root.getFileSystem().getSeparator().charAt(0)));
    }

    /** Every regular file (symbolic links and the state directory left out), by path. */
    public Map<String, DiskFile> list() throws IOException {
        Map<String, DiskFile> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(root) || !dir.getFileName().toString().equals(StateStore.DIR_NAME) || !dir.getParent().equals(root)
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    String path = relative(file);
                    files.put(path, new DiskFile(path, attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // Gone between listing and visiting, or unreadable: the next scan sees it again.
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    public String relative(Path file) {
        List<String> names = new ArrayList<>();
        root.relativize(file).forEach(name -> names.add(name.toString()));
        return String.join("/", names);
    }

    /** The file's bytes, or null when there is no regular file at the path. */
    public byte[] read(String path) throws IOException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** SHA-256 of the file (the server's {@code content_hash} for text), or null when absent. */
    public String hash(String path) throws IOException {
        byte[] bytes = read(path);
        return bytes == null ? null : Blobs.sha256(bytes);
    }

    public boolean exists(String path) {
        return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** Replaces (or creates) the file atomically, making its folders. */
    public void write(String path, byte[] bytes) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        AtomicFiles.write(target, bytes, tmpDir);
    }

    /** Renames atomically (the target replaced), making the target's folders and removing emptied ones. */
    public void move(String from, String to) throws IOException {
        Path target = resolve(to);
        Files.createDirectories(target.getParent());
        AtomicFiles.move(resolve(from), target);
        AtomicFiles.forceDirectory(target.getParent());
        removeEmptyFolders(from);
    }

    /** Deletes the file and the folders it leaves empty. */
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
        removeEmptyFolders(path);
    }

    private void removeEmptyFolders(String path) {
        Path folder = resolve(path).getParent();
        while (folder != null && !folder.equals(root) && folder.startsWith(root)) {
            try {
                Files.delete(folder);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            folder = folder.getParent();
        }
    }
}
