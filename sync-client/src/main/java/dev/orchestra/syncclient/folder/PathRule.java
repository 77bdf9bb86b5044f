package dev.orchestra.syncclient.folder;

import dev.orchestra.platform.text.FilePaths;

/**
 * The server's file path rule, applied before a path is pushed — with the server's own code
 * ({@link FilePaths}), so a path refused here is one the server would refuse ({@code validation_failed}).
 */
public final class PathRule {

    private PathRule() {
    }

    /** Null when the server would take the path; else the reason. */
    public static String refusal(String path) {
        try {
            FilePaths.normalise(path);
            return null;
        } catch (FilePaths.InvalidPath e) {
            return e.getMessage();
        }
    }

    /** The path as the server stores it (Unicode NFC). */
    public static String normalise(String path) {
        return FilePaths.normalise(path);
    }
}
