package dev.orchestra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifests made from another source of truth rather than written by hand: the KafkaTopics
 * (from deploy/kafka/topics.txt), each service's KafkaUser (topics.txt plus the service's messaging
 * config) and the gateway's template ConfigMap (deploy/gateway/templates/orchestra.conf.template).
 * They are committed, so that {@code kubectl apply -k} needs no build; {@link GeneratedFilesTest}
 * fails when one differs from its source, and rewrites them all when run with -Dk8s.regenerate=true.
 */
final class GeneratedFiles {

    static final String REGENERATE = "./mvnw -q -pl deploy/k8s verify -Dk8s.regenerate=true";

    private GeneratedFiles() {
    }

    /** Path under deploy/k8s to its expected content. */
    static Map<String, String> expected() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("infra/kafka/topics.yaml", KafkaAccess.topicsYaml());
        for (String service : Repo.SERVICES) {
            files.put(service + "/kafka-user.yaml", KafkaAccess.userYaml(service, KafkaAccess.podConfig(service)));
        }
        files.put("gateway/template.yaml", gatewayTemplate());
        return files;
    }

    static String header(String source, String what) {
        StringBuilder out = new StringBuilder("# GENERATED from ").append(source).append(" by deploy/k8s's tests: do not edit.\n")
                .append("# Regenerate: ").append(REGENERATE).append('\n');
        what.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        return out.toString();
    }

    private static String gatewayTemplate() {
        StringBuilder out = new StringBuilder(header("deploy/gateway/templates/orchestra.conf.template",
                "The gateway's template, verbatim: the nginx image renders it at start with the variables of the\n"
                        + "ConfigMap gateway (config.yaml), as ./orchestra renders it locally with envsubst."));
        out.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gateway-template\n  labels:\n")
                .append("    app.kubernetes.io/name: gateway\n    app.kubernetes.io/part-of: orchestra\n")
                .append("    app.kubernetes.io/component: gateway\ndata:\n  orchestra.conf.template: |\n");
        String template = Repo.read(Repo.GATEWAY_TEMPLATE);
        for (String line : template.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : "    " + line).append('\n');
        }
        // A literal block keeps one final newline ("|"): the template's own trailing newline.
        while (out.toString().endsWith("\n\n")) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    static String current(String relative) {
        Path file = Repo.k8s(relative);
        return Files.isRegularFile(file) ? Repo.read(file) : "";
    }

    static void write(String relative, String content) {
        try {
            Files.writeString(Repo.k8s(relative), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
