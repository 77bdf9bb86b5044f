package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of issue 16: a kustomization per service, the infrastructure, the gateway, everything, the overlays. */
class LayoutTest {

    @Test
    void everyPartHasItsKustomization() {
        List<String> expected = new ArrayList<>(Repo.SERVICES);
        expected.addAll(List.of(".", "namespace", "infra/kafka", "infra/postgres", "gateway", "overlays/dev", "overlays/prod"));
        assertThat(Repo.KUSTOMIZATIONS).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The overlays build on the same parts as the whole (kustomize will not let them name its folder). */
    @Test
    void overlaysBuildOnTheWholesParts() {
        List<String> whole = parts(".").stream().map(p -> "../../" + p).toList();
        assertThat(whole).hasSize(Repo.SERVICES.size() + 4);
        for (String overlay : List.of("overlays/dev", "overlays/prod")) {
            assertThat(parts(overlay).stream().filter(p -> p.startsWith("../../")).toList()).as(overlay).isEqualTo(whole);
        }
        assertThat(Rendered.of("overlays/dev").stream().map(d -> d.at("/metadata/name").asText()))
                .as("dev has the development engine and the local Stripe").contains("engine-dev", "stripe-local");
    }

    private static List<String> parts(String kustomization) {
        JsonNode k = Yaml.parse(Repo.read(Repo.k8s(kustomization).resolve("kustomization.yaml")), kustomization);
        List<String> parts = new ArrayList<>();
        k.path("resources").forEach(r -> parts.add(r.asText()));
        return parts;
    }
}
