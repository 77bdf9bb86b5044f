package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered document validates strictly against the schema of its kind (StrictModels). */
class SchemaTest {

    static Stream<String> kustomizations() {
        return Repo.KUSTOMIZATIONS.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyDocumentIsValid(String kustomization) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode document : Rendered.of(kustomization)) {
            for (String problem : StrictModels.problems(document)) {
                problems.add(Kustomize.id(document) + ": " + problem);
            }
        }
        assertThat(problems).as(kustomization).isEmpty();
    }

    /** The strict check itself: a misspelt field anywhere fails, in each family of models. */
    @Test
    void aMisspeltFieldFails() {
        for (String kind : List.of("Deployment", "KafkaUser", "Cluster", "HTTPRoute", "NetworkPolicy")) {
            ObjectNode document = Rendered.kind(Rendered.of("."), kind).findFirst().orElseThrow().deepCopy();
            ObjectNode spec = (ObjectNode) document.get("spec");
            spec.put("replicaz", 3);
            assertThat(StrictModels.problems(document)).as(kind).isNotEmpty();
        }
        ObjectNode deployment = Rendered.kind(Rendered.of("."), "Deployment").findFirst().orElseThrow().deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFilesytem", true);
        assertThat(StrictModels.problems(deployment)).as("a deep misspelling").isNotEmpty();
        ObjectNode user = Rendered.kind(Rendered.of("."), "KafkaUser").findFirst().orElseThrow().deepCopy();
        ((ObjectNode) user.at("/spec/authorization/acls/0/resource")).put("patternTyp", "literal");
        assertThat(StrictModels.problems(user)).as("a misspelling in an ACL").isNotEmpty();
        ObjectNode cluster = Rendered.kind(Rendered.of("."), "Cluster").findFirst().orElseThrow().deepCopy();
        ((ObjectNode) cluster.at("/spec/managed/roles/0")).put("ensure", "presnt");
        assertThat(StrictModels.problems(cluster)).as("a value outside an enum").isNotEmpty();
    }

    /** A key given twice in one mapping fails to parse instead of the last one winning. */
    @Test
    void aDuplicateKeyFails() {
        String twice = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  KEY: one\n  KEY: two\n";
        assertThatThrownBy(() -> Yaml.documents(twice, "twice.yaml")).hasStackTraceContaining("Duplicate field 'KEY'");
        assertThatThrownBy(() -> Yaml.parse(twice, "twice.yaml")).hasStackTraceContaining("Duplicate field 'KEY'");
    }

    /** Strimzi's model also serves v1beta2: a property v1 no longer has fails (Strimzi's own per-version metadata). */
    @Test
    void aPropertyOutsideStrimziV1Fails() {
        ObjectNode kafka = Rendered.kind(Rendered.of("."), "Kafka").findFirst().orElseThrow().deepCopy();
        ((ObjectNode) kafka.at("/spec/kafka")).put("replicas", 3);
        assertThat(StrictModels.problems(kafka)).contains(".spec.kafka.replicas is not in kafka.strimzi.io/v1");
        ObjectNode user = Rendered.kind(Rendered.of("."), "KafkaUser").findFirst().orElseThrow().deepCopy();
        ((ObjectNode) user.at("/spec/authorization/acls/0")).put("operation", "Read");
        assertThat(StrictModels.problems(user)).contains(".spec.authorization.acls[0].operation is not in kafka.strimzi.io/v1");
    }
}
