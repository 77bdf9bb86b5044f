package dev.orchestra.project.service;

import java.text.Normalizer;

/**
 * File paths (issue 5): relative, {@code /}-separated, normalised — no empty, {@code .} or
 * {@code ..} segment, no leading {@code /}, no NUL or control character, at most 1,024
 * characters. A path is normalised to Unicode NFC first, so that the same name typed on two
 * systems (macOS gives decomposed accents) is one path; a backslash is refused rather than guessed
 * to be a separator or a character.
 */
final class FilePaths {

    static final int MAX_LENGTH = 1024;

    private FilePaths() {
    }

    /** The normalised path, or throws {@link InvalidPath} with the reason. */
    static String normalise(String raw) {
        String path = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (path.isEmpty()) {
            throw new InvalidPath("Path is required");
        }
        if (Inputs.codePoints(path) > MAX_LENGTH) {
            throw new InvalidPath("Must be at most 1,024 characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidPath("Must not contain NUL or control characters");
            }
            if (c == '\\') {
                throw new InvalidPath("Must use / to separate segments, not \\");
            }
        }
        if (path.startsWith("/")) {
            throw new InvalidPath("Must be relative (no leading /)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidPath("Must not contain an empty segment (// or a trailing /)");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidPath("Must not contain . or .. segments");
            }
        }
        return path;
    }

    static final class InvalidPath extends RuntimeException {
        InvalidPath(String reason) {
            super(reason, null, false, false);
        }
    }
}
