package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The links' base URL as the shipped application.properties resolves it per profile: production
 * (what {@code java -jar} runs, the local stack included) requires {@code ORCHESTRA_PUBLIC_BASE_URL};
 * only dev falls back to the local gateway.
 */
class PublicBaseUrlConfigTest {

    private static final String KEY = "orchestra.notification.public-base-url";

    @Test
    void productionRequiresOrchestraPublicBaseUrl() throws IOException {
        SmallRyeConfig withoutIt = config("prod", Map.of());
        assertThatThrownBy(() -> withoutIt.getValue(KEY, String.class)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("ORCHESTRA_PUBLIC_BASE_URL");

        assertThat(config("prod", Map.of("ORCHESTRA_PUBLIC_BASE_URL", "https://app.orchestra.dev")).getValue(KEY, String.class))
                .isEqualTo("https://app.orchestra.dev");
        // What ./orchestra up passes to the jar.
        assertThat(config("prod", Map.of("ORCHESTRA_PUBLIC_BASE_URL", "http://127.0.0.1:8080")).getValue(KEY, String.class))
                .isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void devFallsBackToTheLocalGateway() throws IOException {
        assertThat(config("dev", Map.of()).getValue(KEY, String.class)).isEqualTo("http://127.0.0.1:8080");
        assertThat(config("dev", Map.of("ORCHESTRA_PUBLIC_BASE_URL", "https://x.test")).getValue(KEY, String.class))
                .isEqualTo("https://x.test");
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(PublicBaseUrlConfigTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }
}
