package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ExtensionCatalogTest {

    @Test
    void commentsAndBlankLinesAreSkippedAndNotesKeepTheirSpaces() throws Exception {
        ExtensionCatalog catalog = ExtensionCatalog.parse(new StringReader(
                "# header\n\n  tool\t2.0.0\thttps://x.example/t.zip\tNotes  with   spaces\n"), "test");

        assertThat(catalog.size()).isEqualTo(1);
        assertThat(catalog.updateFor("tool", SemanticVersion.parse("1.0.0"))).get()
                .satisfies(entry -> assertThat(entry.releaseNotes()).isEqualTo("Notes  with   spaces"));
        assertThat(catalog.updateFor("tool", SemanticVersion.parse("2.0.0"))).isEmpty();
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> ExtensionCatalog.parse(new StringReader("a 1.0.0 https://x.example/a\nb 1.0\n"), "cat.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cat.txt line 2:");
        assertThatThrownBy(() -> ExtensionCatalog.parse(new StringReader("a 1.0.0 ftp://x.example/a\n"), "cat.txt"))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> ExtensionCatalog.parse(new StringReader("a 1.0.0\n"), "cat.txt"))
                .hasMessageContaining("expected: id version download-url");
        assertThatThrownBy(() -> ExtensionCatalog.parse(new StringReader(
                "a 1.0.0 https://x.example/a\na 2.0.0 https://x.example/a\n"), "cat.txt"))
                .hasMessageContaining("listed twice");
    }

    @Test
    void theBuiltInCatalogLoads() throws Exception {
        assertThat(ExtensionCatalog.builtIn().size()).isEqualTo(5);
    }
}
