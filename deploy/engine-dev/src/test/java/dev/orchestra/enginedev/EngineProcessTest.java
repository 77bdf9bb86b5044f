package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main class as ./orchestra runs it: its own JVM, a pid file, and SIGTERM to stop it. */
class EngineProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermClosesTheIndexCleanlyAndRemovesThePidFile() throws Exception {
        int port = freePort();
        Path indexDir = dir.resolve("index");
        Path pidFile = dir.resolve("engine-dev.pid");
        Path log = dir.resolve("engine-dev.log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                EngineDevMain.class.getName(),
                "--port", Integer.toString(port), "--index-dir", indexDir.toString(), "--pid-file", pidFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                    InsecureChannelCredentials.create()).build();
            try {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(1, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING);
                assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(process.pid()));

                IndexFileRequest request = RunningEngine.indexRequest("p", "f", "a.txt", "survives sigterm\n", 1);
                assertThat(EngineGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .indexFile(request).getIndexed()).isTrue();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(Files.readString(log)).contains("listening on 127.0.0.1:" + port, "IndexFile OK", "stopped; index closed");
        assertThat(pidFile).doesNotExist();
        // The index lock was released and what was acknowledged is there.
        try (RunningEngine again = RunningEngine.start(indexDir)) {
            assertThat(again.search("p", "sigterm")).hasSize(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
