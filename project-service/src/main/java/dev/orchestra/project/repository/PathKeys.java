package dev.orchestra.project.repository;

import dev.orchestra.platform.text.FilePaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * How a file's path is stored for the collision checks: the SHA-256 (hex) of the project id and the
 * path's case fold ({@link FilePaths#fold}), and the same digest of each folder the path lies in. A
 * path may be 4 KiB of UTF-8, more than a b-tree entry holds, so the indexes hold digests; the
 * project id is inside each digest so a GIN index over the folders is not crowded by every
 * project's {@code src}.
 */
public record PathKeys(String file, List<String> folders, List<String> spelledFolders) {

    public static PathKeys of(UUID projectId, String path) {
        String folded = FilePaths.fold(path);
        List<String> folders = FilePaths.folders(folded).stream().map(folder -> digest(projectId, folder)).toList();
        // The folders as written, depth for depth with their keys (a fold that changed the depth pairs no spelling).
        List<String> spelled = FilePaths.folders(path);
        return new PathKeys(digest(projectId, folded), folders, spelled.size() == folders.size() ? spelled : List.of());
    }

    /** The folder keys that have a spelling, as a PostgreSQL array literal, in the order of {@link #spelledLiteral}. */
    public String spelledKeysLiteral() {
        return spelledFolders.isEmpty() ? "{}" : foldersLiteral();
    }

    /** The folders as written, as a PostgreSQL text array literal. */
    public String spelledLiteral() {
        return "{" + String.join(",", spelledFolders.stream()
                .map(folder -> "\"" + folder.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "}";
    }

    /** The folders as a PostgreSQL array literal (hex digits need no quoting). */
    public String foldersLiteral() {
        return "{" + String.join(",", folders) + "}";
    }

    private static String digest(UUID projectId, String foldedPath) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(projectId.toString().getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            return HexFormat.of().formatHex(sha256.digest(foldedPath.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
