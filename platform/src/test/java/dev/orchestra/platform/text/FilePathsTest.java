package dev.orchestra.platform.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilePathsTest {

    @Test
    void pathsEveryDesktopCanCreatePass() {
        for (String ok : new String[] {"a.txt", "src/main/App.java", "docs/read me.md", "über/naïve.txt", "中文/文件.txt",
                "emoji/\uD83D\uDE00.txt", ".gitignore", "a/.hidden/b", "CONSOLE.txt", "com10.txt", "lpt.txt", "nul_file",
                "a" .repeat(255), "x/" + "é".repeat(127)}) {
            assertThat(FilePaths.normalise(ok)).as(ok).isNotNull();
        }
    }

    @Test
    void whatADesktopCannotCreateIsRefusedWithTheReason() {
        assertRefused("C:/Windows/x.bat", "drive letters");
        assertRefused("a:b", "drive letters");
        for (String c : List.of("<", ">", "\"", "|", "?", "*")) {
            assertRefused("a" + c + "b", "< > :");
        }
        assertRefused("a\\b", "not \\");
        assertRefused("a\u0001b", "control");
        assertRefused("a\u200Bb", "invisible");
        assertRefused("a\u202Eb.txt", "invisible");
        assertRefused("a\uFEFFb", "invisible");
        assertRefused("a\u2028b", "invisible");
        for (String blank : List.of("\u3164", "\u115F", "\u2800", "a\u034Fb", "x\uFE0F", "x\uDB40\uDD00")) {
            assertRefused(blank, "invisible");
        }
        assertRefused("dir./a", "dot or a space");
        assertRefused("a/b ", "dot or a space");
        assertRefused("a/b.", "dot or a space");
        assertRefused("a/" + "b".repeat(256), "255 bytes");
        assertRefused("x/" + "é".repeat(128), "255 bytes");
        for (String device : List.of("CON", "con", "Con.txt", "PRN", "aux.tar.gz", "NUL", "COM1", "com9.log", "LPT1", "lpt9", "COM\u00B9",
                "CONIN$", "dir/nul.txt", "CON .txt", "COM0", "lpt0.txt")) {
            assertRefused(device, "devices");
        }
        assertRefused("/abs", "relative");
        assertRefused("a//b", "empty segment");
        assertRefused("a/../b", ". or ..");
        assertRefused("", "required");
        assertRefused("a".repeat(1025), "1,024");
    }

    @Test
    void pathsAreStoredInNfc() {
        assertThat(FilePaths.normalise("cafe\u0301.txt")).isEqualTo("caf\u00E9.txt");
    }

    @Test
    void foldingMakesPathsThatOneCaseInsensitiveDiskWouldMergeEqual() {
        assertThat(FilePaths.fold("A.txt")).isEqualTo(FilePaths.fold("a.txt"));
        assertThat(FilePaths.fold("Straße/X")).isEqualTo(FilePaths.fold("STRASSE/x"));
        assertThat(FilePaths.fold("ΣΟΦΟΣ")).isEqualTo(FilePaths.fold("σοφος")).isEqualTo(FilePaths.fold("σοφoς".replace('o', 'ο')));
        assertThat(FilePaths.fold("cafe\u0301")).isEqualTo(FilePaths.fold("CAF\u00C9"));
        assertThat(FilePaths.fold("a.txt")).isNotEqualTo(FilePaths.fold("b.txt"));
        // Capital sharp s lower-cases to ß, which folds further: all three meet, and a fold folds to itself.
        assertThat(FilePaths.fold("\u1E9E.txt")).isEqualTo(FilePaths.fold("ß.txt")).isEqualTo(FilePaths.fold("SS.txt"));
        for (String path : List.of("\u1E9E", "Straße", "ΣΟΦΟΣ", "İstanbul", "cafe\u0301", "ǅ", "ﬁle")) {
            assertThat(FilePaths.fold(FilePaths.fold(path))).as(path).isEqualTo(FilePaths.fold(path));
        }
    }

    @Test
    void foldersAreEveryPrefixBeforeASlash() {
        assertThat(FilePaths.folders("a/b/c.txt")).containsExactly("a", "a/b");
        assertThat(FilePaths.folders("c.txt")).isEmpty();
    }

    private static void assertRefused(String path, String reasonPart) {
        assertThatThrownBy(() -> FilePaths.normalise(path)).as(path).isInstanceOf(FilePaths.InvalidPath.class)
                .hasMessageContaining(reasonPart);
    }
}
