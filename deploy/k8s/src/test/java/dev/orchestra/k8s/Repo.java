package dev.orchestra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where things are in the repository, and the few facts read straight from it. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("orchestra.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path TOPICS = ROOT.resolve("deploy/kafka/topics.txt");
    static final Path GATEWAY_TEMPLATE = ROOT.resolve("deploy/gateway/templates/orchestra.conf.template");

    /** The six services, as ./orchestra knows them (its SERVICES array). */
    static final List<String> SERVICES = services();

    /** Every kustomization the repository has: each service alone, the infrastructure, everything, the overlays. */
    static final List<String> KUSTOMIZATIONS = kustomizations();

    private Repo() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path k8s(String relative) {
        return K8S.resolve(relative);
    }

    /** A line of deploy/local/services.txt: the one table of the services that ./orchestra reads. */
    record LocalService(String name, int port, String schema, String gatewayVariable) {
    }

    static List<LocalService> servicesTable() {
        return read(ROOT.resolve("deploy/local/services.txt")).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .map(f -> new LocalService(f[0], Integer.parseInt(f[1]), f[2], f[3]))
                .toList();
    }

    private static List<String> services() {
        List<String> names = servicesTable().stream().map(LocalService::name).toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("no services in deploy/local/services.txt");
        }
        return names;
    }

    private static List<String> kustomizations() {
        try (var paths = Files.walk(K8S)) {
            return paths.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.startsWith(K8S.resolve("target")) && !p.startsWith(K8S.resolve("src")))
                    .map(p -> K8S.relativize(p.getParent()).toString())
                    .map(p -> p.isEmpty() ? "." : p)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
