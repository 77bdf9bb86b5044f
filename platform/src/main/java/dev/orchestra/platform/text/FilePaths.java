package dev.orchestra.platform.text;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file path rule of every Orchestra part: what the server stores, and what a desktop client
 * checks before it pushes. A path must be one that Windows, macOS and Linux desktops can all create,
 * so that syncing it never breaks a device:
 *
 * <ul>
 *   <li>relative, {@code /}-separated, at most 1,024 characters, stored in Unicode NFC (macOS hands
 *       out decomposed accents; the same name typed elsewhere is one path);</li>
 *   <li>no empty, {@code .} or {@code ..} segment; no segment over 255 bytes of UTF-8; no segment
 *       ending in a dot or a space (Windows drops them, so two names would become one);</li>
 *   <li>none of {@code < > : " | ? * \} (a {@code :} also makes a drive letter such as {@code C:});
 *       no control character, no invisible format character (bidi overrides, zero-width spaces and
 *       joiners, the byte order mark), no line or paragraph separator;</li>
 *   <li>no segment that is a Windows device name — {@code CON PRN AUX NUL COM0–COM9 LPT0–LPT9}
 *       (and their superscript-digit forms), {@code CONIN$}, {@code CONOUT$} — with or without an
 *       extension, in any case ({@code con.txt}, {@code Lpt1.tar.gz}).</li>
 * </ul>
 *
 * <p>Case-insensitive disks (Windows, macOS) cannot hold two paths that differ only by case, so
 * paths are also compared by {@link #fold}: {@code f(f(path))} where
 * {@code f(p) = NFC(lower(upper(NFC(p))))} with the root locale — full upper-casing first so that
 * {@code ß} meets {@code SS} and final {@code ς} meets {@code σ}, the conservative union of what
 * those file systems merge; applied twice because one step can leave a letter that folds further
 * (capital {@code ẞ} lower-cases to {@code ß}, which upper-cases to {@code SS}), so that the fold of
 * a fold is itself.
 */
public final class FilePaths {

    public static final int MAX_LENGTH = 1024;
    public static final int MAX_SEGMENT_BYTES = 255;

    private static final String FORBIDDEN = "<>:\"|?*\\";
    private static final Set<String> DEVICE_NAMES = deviceNames();
    /**
     * Blank or invisible characters outside the format category: Hangul fillers, the braille blank,
     * the combining grapheme joiner (variation selectors are checked by range). A name of them alone
     * looks empty.
     */
    private static final Set<Integer> INVISIBLE = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F);

    private FilePaths() {
    }

    /** The path in NFC, or throws {@link InvalidPath} with the reason. */
    public static String normalise(String raw) {
        String path = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (path.isEmpty()) {
            throw new InvalidPath("Path is required");
        }
        if (path.codePointCount(0, path.length()) > MAX_LENGTH) {
            throw new InvalidPath("Must be at most 1,024 characters");
        }
        path.codePoints().forEach(FilePaths::checkCharacter);
        if (path.startsWith("/")) {
            throw new InvalidPath("Must be relative (no leading /)");
        }
        for (String segment : path.split("/", -1)) {
            checkSegment(segment);
        }
        return path;
    }

    /** The key two paths collide by on a case-insensitive disk (see the class comment). */
    public static String fold(String path) {
        return foldOnce(foldOnce(path));
    }

    private static String foldOnce(String path) {
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
        return Normalizer.normalize(nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /** The folders a path lies in, outermost first: {@code a/b/c.txt} → {@code a}, {@code a/b}. */
    public static List<String> folders(String path) {
        List<String> folders = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            folders.add(path.substring(0, slash));
        }
        return folders;
    }

    private static void checkCharacter(int c) {
        if (c == '\\') {
            throw new InvalidPath("Must use / to separate folders, not \\");
        }
        if (c == ':') {
            throw new InvalidPath("Must not contain : (no drive letters)");
        }
        if (FORBIDDEN.indexOf(c) >= 0) {
            throw new InvalidPath("Must not contain any of < > : \" | ? * \\");
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL) {
            throw new InvalidPath("Must not contain NUL or control characters");
        }
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || INVISIBLE.contains(c) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) {
            throw new InvalidPath("Must not contain invisible characters (format characters such as zero-width spaces or bidi controls)");
        }
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new InvalidPath("Must not contain an empty segment (// or a trailing /)");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidPath("Must not contain . or .. segments");
        }
        if (segment.endsWith(".") || segment.endsWith(" ")) {
            throw new InvalidPath("A file or folder name must not end in a dot or a space");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new InvalidPath("A file or folder name must be at most 255 bytes of UTF-8");
        }
        int dot = segment.indexOf('.');
        String base = (dot < 0 ? segment : segment.substring(0, dot)).stripTrailing();
        if (DEVICE_NAMES.contains(base.toUpperCase(Locale.ROOT))) {
            throw new InvalidPath("Must not use a name Windows reserves for devices (CON, PRN, AUX, NUL, COM0-9, LPT0-9)");
        }
    }

    private static Set<String> deviceNames() {
        Set<String> names = new java.util.HashSet<>(Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"));
        for (String digit : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³")) {
            names.add("COM" + digit);
            names.add("LPT" + digit);
        }
        return Set.copyOf(names);
    }

    /** A path the rule refuses; the message says why, for {@code details.path}. */
    public static final class InvalidPath extends RuntimeException {
        public InvalidPath(String reason) {
            super(reason, null, false, false);
        }
    }
}
