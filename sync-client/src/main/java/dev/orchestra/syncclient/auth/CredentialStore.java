package dev.orchestra.syncclient.auth;

import dev.orchestra.syncclient.protocol.Json;
import dev.orchestra.syncclient.state.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code credentials.json} in the config directory ({@code ORCHESTRA_SYNC_CONFIG}, else the user's
 * config directory): owner-only (directory 0700, file 0600 where the file system has POSIX
 * permissions), replaced atomically. Refreshing rotates the refresh token, and presenting a rotated
 * one more than 30 s later ends the session: every process syncing a folder shares this file, so a
 * refresh happens under {@link #locked} (a lock file across processes, a lock within this one) and
 * re-reads the file first — another process may have refreshed already.
 */
public final class CredentialStore {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;

    public CredentialStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code ORCHESTRA_SYNC_CONFIG}, else {@code $XDG_CONFIG_HOME/orchestra-sync}, {@code %APPDATA%\orchestra-sync} or {@code ~/.config/orchestra-sync}. */
    public static Path defaultDir(Map<String, String> env) {
        String chosen = env.get("ORCHESTRA_SYNC_CONFIG");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "orchestra-sync");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "orchestra-sync");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "orchestra-sync") : Path.of(home, ".config", "orchestra-sync");
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve("credentials.json");
    }

    public Optional<Credentials> load() throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(file), Credentials.class));
    }

    public void save(Credentials credentials) throws IOException {
        ownerOnlyDirectory();
        Path tmp = dir.resolve("tmp");
        AtomicFiles.write(file(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(credentials), tmp);
        ownerOnly(file(), "rw-------");
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file());
    }

    /** Runs {@code work} holding this store's lock, across processes and threads. */
    public <T> T locked(IoWork<T> work) throws IOException {
        ownerOnlyDirectory();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir, key -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(dir.resolve("credentials.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return work.run();
        } finally {
            local.unlock();
        }
    }

    /** Work that may fail with an {@link IOException}. */
    public interface IoWork<T> {
        T run() throws IOException;
    }

    private void ownerOnlyDirectory() throws IOException {
        Files.createDirectories(dir);
        ownerOnly(dir, "rwx------");
        Path tmp = dir.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            Files.createDirectories(tmp);
            ownerOnly(tmp, "rwx------");
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile directory is private already.
        }
    }
}
