package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated manifests match their sources (one source of truth); -Dk8s.regenerate=true rewrites them. */
class GeneratedFilesTest {

    @Test
    void generatedManifestsMatchTheirSources() {
        Map<String, String> expected = GeneratedFiles.expected();
        if (Boolean.getBoolean("k8s.regenerate")) {
            expected.forEach(GeneratedFiles::write);
        }
        expected.forEach((file, content) -> assertThat(GeneratedFiles.current(file))
                .as("deploy/k8s/%s differs from its source: regenerate it with %s", file, GeneratedFiles.REGENERATE)
                .isEqualTo(content));
    }

    /** The template reaches the pod byte for byte: the ConfigMap's value is the file. */
    @Test
    void theGatewayConfigMapHoldsTheTemplateVerbatim() {
        JsonNode configMap = Rendered.one(Rendered.of("gateway"), "ConfigMap", "gateway-template");
        assertThat(configMap.path("data").path("orchestra.conf.template").asText()).isEqualTo(Repo.read(Repo.GATEWAY_TEMPLATE));
    }
}
