package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    @Test
    void versionsSortBySemverPrecedence() {
        // The order given by semver.org section 11, plus numbers that text order would get wrong.
        List<String> ordered = List.of("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0", "10.0.0");

        List<String> shuffled = Stream.of(ordered.toArray(String[]::new)).sorted((a, b) -> b.compareTo(a)).toList();
        List<String> sorted = shuffled.stream().map(SemanticVersion::parse).sorted()
                .map(SemanticVersion::toString).collect(Collectors.toList());

        assertThat(sorted).isEqualTo(ordered);
    }

    @Test
    void buildMetadataDoesNotCount() {
        assertThat(SemanticVersion.parse("1.2.3+build.7").compareTo(SemanticVersion.parse("1.2.3"))).isZero();
        assertThat(SemanticVersion.parse("1.2.4").isNewerThan(SemanticVersion.parse("1.2.3+zzz"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.2.x", "1.2.3-", "1.2.3-a..b"})
    void whatIsNotASemanticVersionIsRefused(String text) {
        assertThatThrownBy(() -> SemanticVersion.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a semantic version");
    }
}
