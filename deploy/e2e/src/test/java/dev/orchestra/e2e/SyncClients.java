package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.Session;
import dev.orchestra.syncclient.cli.Cli;
import dev.orchestra.syncclient.engine.SyncEngine;
import dev.orchestra.syncclient.engine.SyncOptions;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The reference sync client (sync-client/) as the e2e tests drive it: accounts, the command line in-process, live engines, folders. */
final class SyncClients {

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();
    static final String PASSWORD = "sync client passphrase";

    private SyncClients() {
    }

    /** A new account (through the gateway); its e-mail. */
    static String register() {
        String email = "sync-client-" + UUID.randomUUID() + "@example.com";
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", email, "name", "Sync Client", "password", PASSWORD))
                .post("/auth/register").then().statusCode(201);
        return email;
    }

    /** The command line, run in this JVM with its config in {@code config}: its exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    static Run cli(Path config, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(Map.of("ORCHESTRA_SYNC_CONFIG", config.toString()), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null,
                Clock.systemDefaultZone()).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code orchestra-sync login --server GATEWAY --email E --password-stdin [--auth-server URL]}. */
    static void login(Path config, String email, String authServer) {
        List<String> args = new ArrayList<>(List.of("login", "--server", GATEWAY, "--email", email, "--password-stdin"));
        if (authServer != null) {
            args.addAll(List.of("--auth-server", authServer));
        }
        Run run = cli(config, PASSWORD + "\n", args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
    }

    /** A started engine on the folder, once its first pull is done. */
    static SyncEngine live(Path dir, Session session, UUID project, String device) throws Exception {
        SyncEngine engine = SyncEngine.open(dir, session.connection(true), project, device, SyncOptions.defaults(), Clock.systemDefaultZone(), null);
        engine.start();
        engine.firstSync().get(30, TimeUnit.SECONDS);
        return engine;
    }

    /** Every file of the folder but the client's own state: path → content. */
    static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                return folder.equals(dir.resolve(".orchestra-sync")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                try {
                    files.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                } catch (NoSuchFileException e) {
                    // moved away by the client while this looked: the next poll sees where it went
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    static void write(Path dir, String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** The project's live files as the server lists them (all pages): path → id. */
    static Map<String, String> serverFiles(Session session, UUID project) throws IOException {
        Map<String, String> files = new TreeMap<>();
        String cursor = null;
        do {
            var request = given().baseUri(GATEWAY).auth().oauth2(session.tokens().current()).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/projects/" + project + "/files").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> data = page.getList("data");
            data.forEach(file -> files.put((String) file.get("path"), (String) file.get("id")));
            cursor = page.getString("meta.next_cursor");
        } while (cursor != null);
        return files;
    }

    /** A file's content on the server, by path (null when no live file has it). */
    static String serverContent(Session session, UUID project, String path) throws IOException {
        String id = serverFiles(session, project).get(path);
        if (id == null) {
            return null;
        }
        return given().baseUri(GATEWAY).auth().oauth2(session.tokens().current()).get("/api/v1/projects/" + project + "/files/" + id)
                .then().statusCode(200).extract().path("data.content");
    }

    /**
     * Reports a measurement: to JUnit's reporter, and to {@code target/sync-client-timings.txt} (surefire
     * does not keep reporter entries), one line each.
     */
    static void report(org.junit.jupiter.api.TestReporter reporter, String what, String value) throws IOException {
        reporter.publishEntry(what, value);
        Path file = Path.of("target", "sync-client-timings.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, java.time.Instant.now() + "  " + what + ": " + value + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
