package dev.orchestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Another instance of a service, started from the jar the stack runs, on a port of its own (a second
 * replica, or one with a setting changed), its log in .orchestra/logs/. Closing it stops the process.
 */
final class ServiceInstance implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("orchestra.root", "../.."));

    final Process process;
    final int port;

    private ServiceInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code service} on {@code port} with its local database password and {@code env}, and waits until it is ready. */
    static ServiceInstance start(String service, int port, String logName, Map<String, String> env) throws Exception {
        Path jar = ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = ROOT.resolve(".orchestra/logs/" + logName + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString());
        Map<String, String> all = new HashMap<>(Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "QUARKUS_DATASOURCE_PASSWORD", service.replace("-service", "") + "-local-only"));
        all.putAll(env);
        builder.environment().putAll(all);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await(logName + " ready (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(logName + " exited; see " + log);
                    }
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return new ServiceInstance(process, port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
