package dev.orchestra.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.platform.error.ApiException;
import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void theExpectedVersionComesFromIfMatchOrTheBody() {
        assertThat(Versions.etag(3)).isEqualTo("\"3\"");
        assertThat(Versions.expected("\"3\"", null)).isEqualTo(3L);
        assertThat(Versions.expected("W/\"4\"", null)).isEqualTo(4L);
        assertThat(Versions.expected(null, 5L)).isEqualTo(5L);
        assertThat(Versions.expected("\"5\"", 5L)).isEqualTo(5L);
        assertThat(Versions.expected(null, null)).isNull();
        assertThat(Versions.expected("*", null)).isNull();
    }

    @Test
    void malformedOrContradictingVersionsAreA422() {
        assertThatThrownBy(() -> Versions.expected("\"abc\"", null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.details()).containsOnlyKeys("if_match"));
        assertThatThrownBy(() -> Versions.expected("\"3\"", 4L)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.details()).containsOnlyKeys("version"));
        assertThatThrownBy(() -> Versions.expected(null, 0L)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.details()).containsOnlyKeys("version"));
    }
}
