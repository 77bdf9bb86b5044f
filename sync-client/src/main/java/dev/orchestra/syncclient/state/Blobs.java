package dev.orchestra.syncclient.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Content-addressed copies of what pending mutations push, by SHA-256 (hex, the server's
 * {@code content_hash}): a queued edit is pushed exactly as it was taken, whatever the file holds later.
 */
public final class Blobs {

    private final Path dir;
    private final Path tmpDir;

    public Blobs(Path dir, Path tmpDir) {
        this.dir = dir;
        this.tmpDir = tmpDir;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Keeps the bytes (durably, before returning) and answers their hash. */
    public String put(byte[] bytes) throws IOException {
        String hash = sha256(bytes);
        Path file = dir.resolve(hash);
        if (!Files.exists(file)) {
            AtomicFiles.write(file, bytes, tmpDir);
        }
        return hash;
    }

    public byte[] get(String hash) throws IOException {
        return Files.readAllBytes(dir.resolve(hash));
    }

    /** Deletes every blob no pending mutation names. */
    public void keepOnly(Set<String> live) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path blob : all) {
                if (!live.contains(blob.getFileName().toString())) {
                    Files.deleteIfExists(blob);
                }
            }
        }
    }
}
