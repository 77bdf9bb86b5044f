package dev.orchestra.e2e;

import static dev.orchestra.e2e.SyncClients.files;
import static dev.orchestra.e2e.SyncClients.since;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.syncclient.Session;
import dev.orchestra.syncclient.state.StateStore;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as a user runs it: the launcher script {@code sync-client/orchestra-sync} (the jar the build
 * left in sync-client/target/) started as a process with the live {@code sync PROJECT DIR} (no
 * {@code --once}): a file made through the API appears in the folder, a file made in the folder reaches
 * the server, and SIGTERM (what Ctrl-C's shutdown does) stops it promptly, its folder left settled and
 * unlocked. Each effect is waited for up to 30 s; the times are reported.
 */
class SyncClientProcessTest {

    static final Path ROOT = Path.of(System.getProperty("orchestra.root", "../.."));
    static final Duration EFFECT = Duration.ofSeconds(30);
    /** What a JVM ended by SIGTERM exits with (128 + 15), once its shutdown hooks (the engine's close) have run. */
    static final int ENDED_BY_SIGTERM = 143;

    @TempDir
    Path root;

    Path output;

    @Test
    void theLauncherSyncsLiveBothWaysAndStopsPromptlyOnSigterm(TestReporter reporter) throws Exception {
        Path launcher = ROOT.resolve("sync-client/orchestra-sync");
        assertThat(ROOT.resolve("sync-client/target/orchestra-sync.jar"))
                .as("the client's jar: ./mvnw -pl sync-client -am install -DskipTests (./orchestra up builds it too)").exists();
        String email = SyncClients.register();
        Path config = root.resolve("config");
        SyncClients.login(config, email, null);
        Session session = Session.open(config, null);
        UUID project = session.api().createProject("Launched").id();
        Path dir = root.resolve("folder");
        output = root.resolve("orchestra-sync.out");

        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "sync", project.toString(), dir.toString(), "--device-name", "launched")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("ORCHESTRA_SYNC_CONFIG", config.toString());
        // The launcher runs $JAVA_HOME/bin/java when set: the JVM running these tests, not whatever is first on PATH.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            StateStore state = new StateStore(dir);
            awaitWhileRunning(process, "the first pull", () -> state.exists() && state.load().cursor != null);
            SyncClients.report(reporter, "launcher started, first pull done ms", String.valueOf(since(start).toMillis()));

            start = System.nanoTime();
            given().baseUri(SyncClients.GATEWAY).contentType(ContentType.JSON).auth().oauth2(session.tokens().current())
                    .body(Map.of("path", "from-api/hello.txt", "content", "made through the API\n"))
                    .post("/api/v1/projects/" + project + "/files").then().statusCode(201);
            awaitWhileRunning(process, "the file made through the API, in the folder",
                    () -> "made through the API\n".equals(files(dir).get("from-api/hello.txt")));
            SyncClients.report(reporter, "API → launched client's folder ms", String.valueOf(since(start).toMillis()));

            start = System.nanoTime();
            SyncClients.write(dir, "local/notes.txt", "made in the folder\n");
            awaitWhileRunning(process, "the file made in the folder, on the server",
                    () -> "made in the folder\n".equals(SyncClients.serverContent(session, project, "local/notes.txt")));
            // And the server's answer back in the client: its mutation has left the queue.
            awaitWhileRunning(process, "the client's queue empty", () -> state.load().pending.isEmpty());
            SyncClients.report(reporter, "launched client's folder → server ms", String.valueOf(since(start).toMillis()));

            start = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s after SIGTERM; its output:%n%s", output()).isTrue();
            SyncClients.report(reporter, "launched client stopped after SIGTERM ms", String.valueOf(since(start).toMillis()));
            assertThat(process.exitValue()).as(output()).isEqualTo(ENDED_BY_SIGTERM);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        // Stopped cleanly: nothing left pending, and the folder's lock released (a new sync may take it).
        SyncClients.Run status = SyncClients.cli(config, "", "status", dir.toString());
        assertThat(status.out()).as(status.err()).contains("pending      0 mutation(s)");
        SyncClients.Run again = SyncClients.cli(config, "", "sync", project.toString(), dir.toString(), "--once", "--timeout", "30");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(files(dir)).isEqualTo(Map.of("from-api/hello.txt", "made through the API\n", "local/notes.txt", "made in the folder\n"));
    }

    /** Waits up to {@link #EFFECT} for {@code condition}; fails at once, with the client's output, if the process ended. */
    private void awaitWhileRunning(Process process, String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what).atMost(EFFECT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("orchestra-sync exited (" + process.exitValue() + ") before " + what + "; its output:\n" + output());
            }
            return condition.call();
        });
    }

    private String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "(none)";
    }
}
