package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SnippetsTest {

    private static String snippet(String line, String... words) {
        return Snippets.of(line, Set.of(words), new CodeAnalyzer(), "text");
    }

    @Test
    void aShortLineIsShownWholeWithoutItsIndentation() {
        assertThat(snippet("\t    return total;  ", "total")).isEqualTo("return total;");
    }

    @Test
    void aLongLineIsCutAroundItsFirstMatch() {
        String line = "a ".repeat(300) + "needle" + " b".repeat(300);

        String snippet = snippet(line, "needle");

        assertThat(snippet).startsWith("…").endsWith("…").contains("needle");
        assertThat(snippet.length()).isLessThanOrEqualTo(Snippets.MAX_LENGTH + 2);
    }

    @Test
    void aMatchNearTheEndShowsTheEnd() {
        String line = "c".repeat(500) + " needle end";

        assertThat(snippet(line, "needle")).startsWith("…").endsWith("needle end");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String line = "a" + "\uD83D\uDE00".repeat(300); // odd offset: a plain cut at 200 falls inside a pair

        String snippet = snippet(line, "none");

        assertThat(snippet.codePoints().filter(cp -> Character.getType(cp) == Character.SURROGATE)).isEmpty();
    }
}
