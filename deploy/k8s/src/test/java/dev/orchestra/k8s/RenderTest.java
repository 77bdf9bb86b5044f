package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization renders; where kubectl is installed, exactly as kubectl's own kustomize renders it. */
class RenderTest {

    static Stream<String> kustomizations() {
        return Repo.KUSTOMIZATIONS.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void renders(String kustomization) {
        assertThat(Rendered.of(kustomization)).as(kustomization).isNotEmpty();
    }

    /**
     * kubectl is not needed for the suite (the renderer above is), but where it is installed the
     * two must agree document for document, so the renderer cannot drift from kustomize.
     */
    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersAsKubectlKustomizeDoes(String kustomization) throws Exception {
        String kubectl = kubectl();
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the comparison with kubectl kustomize is skipped "
                + "(the offline renderer's output is still validated by every other test)");
        String version = kustomizeVersion(kubectl);
        Assumptions.assumeTrue(version.matches("v([5-9]|\\d{2,})\\..*"), "kubectl's kustomize is " + version
                + ", older than the v5 these kustomizations are written for: the comparison is skipped");
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", Repo.k8s(kustomization).toString())
                    .redirectErrorStream(false).redirectOutput(out.toFile()).start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize %s: %s", kustomization, errors).isZero();
            Map<String, JsonNode> theirs = byId(Yaml.documents(Files.readString(out), "kubectl kustomize " + kustomization));
            Map<String, JsonNode> ours = byId(Rendered.of(kustomization));
            assertThat(ours.keySet()).as("resources of %s", kustomization).containsExactlyInAnyOrderElementsOf(theirs.keySet());
            ours.forEach((id, document) -> assertThat(document).as("%s in %s", id, kustomization).isEqualTo(theirs.get(id)));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String kustomizeVersion;

    private static synchronized String kustomizeVersion(String kubectl) throws Exception {
        if (kustomizeVersion != null) {
            return kustomizeVersion;
        }
        Process process = new ProcessBuilder(kubectl, "version", "--client", "-o", "json").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"([^\"]+)\"").matcher(out);
        kustomizeVersion = m.find() ? m.group(1) : "unknown";
        return kustomizeVersion;
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> documents) {
        return documents.stream().collect(Collectors.toMap(Kustomize::id, d -> d, (a, b) -> a, TreeMap::new));
    }

    /** kubectl on the PATH (with its kustomize), or null; -Dk8s.kubectl=none runs the suite as on a machine without it. */
    static String kubectl() throws IOException {
        String configured = System.getProperty("k8s.kubectl", "");
        if (configured.equals("none")) {
            return null;
        }
        if (!configured.isEmpty()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
