package dev.orchestra.platform.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker of a test's own, run from the jars ./orchestra fetched (.orchestra/kafka/libs), on
 * free ports, so a test can stop it and start it again without touching the stack's broker.
 */
public final class TestBroker implements AutoCloseable {

    private final Path dir;
    private final Path libs;
    private final int port;
    private final Path config;
    private Process process;

    public TestBroker() throws IOException, InterruptedException {
        libs = findLibs();
        dir = Files.createTempDirectory("orchestra-test-broker");
        port = freePort();
        int controllerPort = freePort();
        config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "auto.create.topics.enable=false", "num.partitions=6",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=4325376", ""));
        Process format = new ProcessBuilder(java(), "-cp", libs + "/*", "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the test broker failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(java(), "-Xmx256m", "-cp", libs + "/*", "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> canConnect(port));
    }

    /** A clean stop (SIGTERM), waiting until the port is closed. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !canConnect(port));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Path findLibs() {
        for (Path candidate : List.of(Path.of(".orchestra/kafka/libs"), Path.of("../.orchestra/kafka/libs"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no Kafka jars in .orchestra/kafka/libs: run ./orchestra infra up first");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean canConnect(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
