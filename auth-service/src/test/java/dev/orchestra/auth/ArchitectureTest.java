package dev.orchestra.auth;

import dev.orchestra.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This service keeps the layers every service keeps (platform's ArchitectureRules). */
class ArchitectureTest {

    @Test
    void keepsTheLayers() {
        ArchitectureRules.check("dev.orchestra.auth");
    }
}
