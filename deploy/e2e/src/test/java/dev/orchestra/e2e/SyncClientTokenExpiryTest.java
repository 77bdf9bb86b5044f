package dev.orchestra.e2e;

import static dev.orchestra.e2e.SyncClients.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.syncclient.Session;
import dev.orchestra.syncclient.engine.SyncEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access tokens expiring during a session. A second auth-service, started here from the stack's jar
 * with the stack's signing key and database, issues tokens that live 6 s
 * ({@code orchestra.jwt.access-token-lifetime}); the clients log in there and sync through the gateway
 * as usual. Device A renews its token ahead of expiry and reopens its socket with it before closing the
 * old one; device B renews only when the server closes its socket with 4401 (or a call gets 401). Both
 * keep making files for longer than two token lifetimes, and every file reaches the other folder.
 */
class SyncClientTokenExpiryTest {

    static final int PORT = Integer.getInteger("e2e.auth.short-token-port", 18081);
    static final Duration LIFETIME = Duration.ofSeconds(6);
    static ServiceInstance shortTokens;

    @TempDir
    Path root;

    @BeforeAll
    static void startAnAuthServiceWithShortTokens() throws Exception {
        Path keys = ServiceInstance.ROOT.resolve(".orchestra/keys");
        assertThat(keys.resolve("auth-signing.pem")).exists();
        shortTokens = ServiceInstance.start("auth-service", PORT, "e2e-auth-short-tokens", Map.of(
                "ORCHESTRA_AUTH_SIGNING_KEY", keys.resolve("auth-signing.pem").toString(),
                "ORCHESTRA_AUTH_SIGNING_KEY_ID", Files.readString(keys.resolve("auth-signing.kid")).trim(),
                "ORCHESTRA_AUTH_REFRESH_KEY", Files.readString(keys.resolve("refresh-token.key")).trim(),
                "ORCHESTRA_JWT_ACCESS_TOKEN_LIFETIME", "PT" + LIFETIME.toSeconds() + "S"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (shortTokens != null) {
            shortTokens.close();
        }
    }

    @Test
    void changesKeepFlowingBothWaysAcrossTokenExpiriesAndNoneIsLost(TestReporter reporter) throws Exception {
        String email = SyncClients.register();
        String authServer = "http://127.0.0.1:" + PORT;
        Path configA = root.resolve("config-a");
        Path configB = root.resolve("config-b");
        SyncClients.login(configA, email, authServer);
        SyncClients.login(configB, email, authServer);
        Session sessionA = Session.open(configA, Duration.ofSeconds(2));
        Session sessionB = Session.open(configB, Duration.ZERO);
        assertThat(sessionA.credentials().accessLifetimeSeconds()).isEqualTo(LIFETIME.toSeconds());
        UUID project = sessionA.api().createProject("Short tokens").id();
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));

        Map<String, String> made = new TreeMap<>();
        try (SyncEngine onA = SyncClients.live(a, sessionA, project, "renews-ahead");
             SyncEngine onB = SyncClients.live(b, sessionB, project, "renews-on-4401")) {
            Instant end = Instant.now().plus(LIFETIME.multipliedBy(2).plusSeconds(1));
            for (int i = 0; Instant.now().isBefore(end); i++) {
                SyncClients.write(a, "from-a/" + i + ".txt", "A " + i + "\n");
                SyncClients.write(b, "from-b/" + i + ".txt", "B " + i + "\n");
                made.put("from-a/" + i + ".txt", "A " + i + "\n");
                made.put("from-b/" + i + ".txt", "B " + i + "\n");
                int written = i;
                // Each pair reaches the other side before the next is made: a change lost at a renewal would stop the test here.
                await("pair " + i + " on both sides").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ("B " + written + "\n").equals(files(a).get("from-b/" + written + ".txt"))
                                && ("A " + written + "\n").equals(files(b).get("from-a/" + written + ".txt")));
            }
            SyncClients.report(reporter, "device A", onA.stats().toString());
            SyncClients.report(reporter, "device B", onB.stats().toString());

            assertThat(files(a)).isEqualTo(made);
            assertThat(files(b)).isEqualTo(made);
            // A renewed ahead every time: the server never had to close its socket.
            assertThat(onA.stats().tokenRenewals.get()).isGreaterThanOrEqualTo(2);
            assertThat(onA.stats().tokenEndedCloses.get()).isZero();
            // B waited for the server: its socket was closed with 4401 and reopened with a fresh token.
            assertThat(onB.stats().tokenEndedCloses.get()).isGreaterThanOrEqualTo(1);
        }
    }
}
