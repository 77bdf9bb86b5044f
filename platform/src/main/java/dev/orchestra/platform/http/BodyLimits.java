package dev.orchestra.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * Smaller body limits for the routes whose bodies are small, under the service's overall
 * {@code quarkus.http.limits.max-body-size}: {@code orchestra.http.body-limits."/auth/"=16K} (a path
 * ending in {@code /} covers everything under it; any other is exact).
 */
@ConfigMapping(prefix = "orchestra.http")
public interface BodyLimits {

    Map<String, MemorySize> bodyLimits();
}
