package dev.orchestra.syncclient.folder;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;

/**
 * Where the losing side of a conflict is kept: {@code name (conflict YYYY-MM-DD HHMM from DEVICE).ext}
 * beside the original ({@code notes.txt} → {@code notes (conflict 2026-11-25 1015 from laptop).txt};
 * {@code Makefile} and {@code .gitignore} keep no extension apart). A name already taken gets a number
 * ({@code … from laptop 2)}). The result always passes the server's path rule: the device name is
 * reduced to letters, digits, {@code - _ .} and spaces, and the base shortened to keep a name within
 * 255 bytes.
 */
public final class ConflictNames {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HHmm");

    private ConflictNames() {
    }

    public static String conflictPath(String path, ZonedDateTime at, String device, Predicate<String> taken) {
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot <= 0 ? name : name.substring(0, dot);
        String extension = dot <= 0 ? "" : name.substring(dot);
        String label = "conflict " + WHEN.format(at) + " from " + deviceLabel(device);
        for (int n = 1; ; n++) {
            String suffix = " (" + label + (n == 1 ? "" : " " + n) + ")";
            String candidate = folder + fit(base, suffix + extension) + suffix + extension;
            if (!taken.test(candidate) && PathRule.refusal(candidate) == null) {
                return candidate;
            }
            if (n > 1000) {
                throw new IllegalStateException("no free conflict name for " + path);
            }
        }
    }

    /** The device's name as it may appear in a file name. */
    static String deviceLabel(String device) {
        StringBuilder label = new StringBuilder();
        String source = device == null ? "" : device;
        for (int i = 0; i < source.length() && label.length() < 40; ) {
            int c = source.codePointAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ' ') {
                label.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        String text = label.toString().strip();
        while (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.isEmpty() ? "another device" : text;
    }

    /** The base, shortened (by whole code points) so that base + rest is at most 255 bytes of UTF-8. */
    private static String fit(String base, String rest) {
        int room = 255 - rest.getBytes(StandardCharsets.UTF_8).length;
        String fitted = base;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > room) {
            fitted = fitted.substring(0, fitted.offsetByCodePoints(fitted.length(), -1));
        }
        return fitted;
    }
}
