package dev.orchestra.syncclient.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConflictNamesTest {

    static final ZonedDateTime AT = ZonedDateTime.parse("2026-11-25T10:15:30Z");

    static String name(String path, String device, Set<String> taken) {
        return ConflictNames.conflictPath(path, AT, device, taken::contains);
    }

    @Test
    void theCopyKeepsItsFolderAndExtension() {
        assertThat(name("docs/notes.txt", "laptop", Set.of())).isEqualTo("docs/notes (conflict 2026-11-25 1015 from laptop).txt");
        assertThat(name("archive.tar.gz", "laptop", Set.of())).isEqualTo("archive.tar (conflict 2026-11-25 1015 from laptop).gz");
    }

    @Test
    void namesWithoutAnExtensionAndDotFilesTakeTheSuffixAtTheEnd() {
        assertThat(name("Makefile", "laptop", Set.of())).isEqualTo("Makefile (conflict 2026-11-25 1015 from laptop)");
        assertThat(name("src/.gitignore", "laptop", Set.of())).isEqualTo("src/.gitignore (conflict 2026-11-25 1015 from laptop)");
    }

    @Test
    void aTakenNameGetsANumber() {
        String first = "notes (conflict 2026-11-25 1015 from laptop).txt";
        assertThat(name("notes.txt", "laptop", Set.of(first))).isEqualTo("notes (conflict 2026-11-25 1015 from laptop 2).txt");
    }

    @Test
    void theDeviceNameIsReducedToWhatEveryFileSystemTakes() {
        assertThat(name("a.txt", "Ann's Mac: \"work\"/\u202Ebad.", Set.of())).isEqualTo("a (conflict 2026-11-25 1015 from Anns Mac workbad).txt");
        assertThat(name("a.txt", "", Set.of())).isEqualTo("a (conflict 2026-11-25 1015 from another device).txt");
    }

    @Test
    void aLongNameIsShortenedToFit255BytesAndStillPassesThePathRule() {
        String longName = "é".repeat(120) + ".txt";
        String copy = name(longName, "laptop", Set.of());
        assertThat(copy.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(copy).endsWith("(conflict 2026-11-25 1015 from laptop).txt");
        assertThat(PathRule.refusal(copy)).isNull();
    }
}
