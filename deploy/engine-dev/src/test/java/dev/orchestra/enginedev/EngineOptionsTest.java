package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

    @Test
    void defaultsAreTheLocalStacksPortAndIndexWithoutDelay() {
        assertThat(EngineOptions.parse()).isEqualTo(
                new EngineOptions("127.0.0.1", 9190, Path.of(".orchestra/engine/index"), null, Duration.ZERO, null));
    }

    @Test
    void everyFlagInBothSpellings() {
        assertThat(EngineOptions.parse("--host", "0.0.0.0", "--port", "9300", "--index-dir=/tmp/i", "--catalog", "c.txt",
                "--delay-ms=250", "--pid-file", "e.pid"))
                .isEqualTo(new EngineOptions("0.0.0.0", 9300, Path.of("/tmp/i"), Path.of("c.txt"), Duration.ofMillis(250),
                        Path.of("e.pid")));
        assertThat(EngineOptions.parse("--host=::").host()).isEqualTo("::");
    }

    @Test
    void mistakesAreRefusedNotIgnored() {
        assertThatThrownBy(() -> EngineOptions.parse("--prot", "1")).hasMessage("unknown option --prot");
        assertThatThrownBy(() -> EngineOptions.parse("--verbose")).hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> EngineOptions.parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> EngineOptions.parse("--port", "x")).hasMessageContaining("expects a number");
        assertThatThrownBy(() -> EngineOptions.parse("--port", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> EngineOptions.parse("--delay-ms", "-5")).hasMessageContaining("must not be negative");
    }
}
