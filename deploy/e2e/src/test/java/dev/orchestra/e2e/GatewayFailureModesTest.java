package dev.orchestra.e2e;

import static dev.orchestra.e2e.Envelope.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway of its own, rendered from the same template as the stack's by ./orchestra, in front of
 * upstreams that are all down, with a tight rate limit: the failure answers a client can meet.
 */
class GatewayFailureModesTest {

    static Process nginx;
    static URI gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Path root = Path.of(System.getProperty("orchestra.root", "../.."));
        Path dir = Files.createTempDirectory("orchestra-gateway-test");
        int port = freePort();
        int deadPort = freePort();
        String dead = "127.0.0.1:" + deadPort;
        List<String> render = new ArrayList<>(List.of(root.resolve("orchestra").toString(), "render-gateway", dir.toString(),
                "GATEWAY_LISTEN=127.0.0.1:" + port, "ACCESS_LOG=" + dir.resolve("access.log"),
                "ERROR_LOG=" + dir.resolve("error.log"),
                "AUTH_RATE_LIMIT=1r/m", "AUTH_RATE_BURST=2", "WS_RATE_LIMIT=1r/m", "WS_RATE_BURST=2",
                // 127.0.0.2 plays the load balancer in front of the gateway; 127.0.0.1 is a client.
                "TRUSTED_PROXIES=127.0.0.2"));
        for (String service : List.of("AUTH", "PROJECT", "SYNC", "BILLING", "NOTIFICATION", "ENGINE")) {
            render.add(service + "_ADDR=" + dead);
        }
        run(render);
        nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        gateway = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(20)).until(() -> canConnect(port));
    }

    @AfterAll
    static void stopGateway() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
    }

    @Test
    void serviceThatIsNotRunningIsAnEnvelopedServiceUnavailable() throws IOException {
        for (String path : List.of("/api/v1/projects", "/api/v1/sync/pull", "/api/v1/billing/subscription",
                "/api/v1/notifications/preferences", "/api/v1/engine/status", "/api/v1/projects/abc/search?q=x",
                "/.well-known/jwks.json")) {
            RawHttp.Response response = RawHttp.get(gateway, path);
            assertEnvelope(response, 503, "service_unavailable");
            assertThat(response.header("x-request-id")).isNotBlank();
        }
    }

    @Test
    void bodyOverTheCeilingIsAnEnvelopedPayloadTooLarge() throws IOException {
        byte[] nineMebibytes = new byte[9 * 1024 * 1024];
        RawHttp.Response response = RawHttp.send(gateway, "POST", "/api/v1/projects",
                Map.of("Content-Type", "application/json"), nineMebibytes);
        assertEnvelope(response, 413, "payload_too_large");
        // Routes whose bodies are small refuse large ones early: 16 KiB for auth, pull and preferences,
        // 512 KiB for the profile (64 KiB of settings, escaped), 1 MiB for Stripe's webhooks.
        byte[] seventeenKibibytes = new byte[17 * 1024];
        for (String[] route : new String[][] {{"POST", "/auth/register"}, {"POST", "/auth/login"}, {"POST", "/api/v1/sync/pull"},
                {"PUT", "/api/v1/notifications/preferences"}}) {
            assertEnvelope(RawHttp.send(gateway, route[0], route[1], Map.of("Content-Type", "application/json"), seventeenKibibytes),
                    413, "payload_too_large");
        }
        assertEnvelope(RawHttp.send(gateway, "PUT", "/api/v1/users/me", Map.of("Content-Type", "application/json"),
                new byte[600 * 1024]), 413, "payload_too_large");
        assertEnvelope(RawHttp.send(gateway, "POST", "/api/v1/sync/push",
                Map.of("Content-Type", "application/json"), new byte[4 * 1024 * 1024]), 413, "payload_too_large");
        assertEnvelope(RawHttp.send(gateway, "POST", "/webhooks/stripe",
                Map.of("Content-Type", "application/json"), new byte[2 * 1024 * 1024]), 413, "payload_too_large");
    }

    @Test
    void authRoutesAreRateLimitedPerAddressWithRetryAfter() throws IOException {
        // 1 request a minute with a burst of 2: the fourth request in a row is over the limit.
        RawHttp.Response last = null;
        for (int i = 0; i < 4; i++) {
            last = RawHttp.send(gateway, "POST", "/auth/login", Map.of("Content-Type", "application/json"), "{}".getBytes());
        }
        assertEnvelope(last, 429, "rate_limited");
        assertThat(last.header("retry-after")).isNotBlank();
        // Other routes are not limited.
        assertThat(RawHttp.get(gateway, "/health").status()).isEqualTo(200);
    }

    /**
     * Behind a trusted proxy each client is limited by its own address, an IPv6 client by its /64
     * however its address is written; a client that is not a trusted proxy cannot choose its key
     * with X-Forwarded-For.
     */
    @Test
    void clientsBehindTheTrustedProxyAreLimitedOnTheirOwnAndIPv6ByItsSlash64() throws IOException {
        java.net.InetAddress proxy = java.net.InetAddress.getByName("127.0.0.2");
        List<String> oneNetwork = List.of("2001:db8:a:b::1", "2001:db8:a:b:1::1", "2001:db8:a:b:ffff:1:2:3", "2001:db8:a:b::9");
        assertThat(loginsFrom(proxy, oneNetwork)).containsExactly(503, 503, 503, 429);
        // Another /64, an IPv4 client, and a /64 written with "::" inside its first four groups: their own.
        assertThat(loginsFrom(proxy, List.of("2001:db8:a:c::1", "203.0.113.9"))).containsExactly(503, 503);
        assertThat(loginsFrom(proxy, List.of("2001:db8::1", "2001:db8:0:0:ffff::1", "2001:db8::2", "2001:db8:0:0:1:2:3:4")))
                .containsExactly(503, 503, 503, 429);

        // "::" standing for zeros inside the first four groups, with groups after it that belong to the /64.
        assertThat(loginsFrom(proxy, List.of("2001:0:0:5:1:2:3:4", "2001::5:9:9:9:9", "2001:0:0:5::1", "2001:0:0:5:ffff::")))
                .containsExactly(503, 503, 503, 429);
        assertThat(loginsFrom(proxy, List.of("2001:0:0:6:1:2:3:4"))).as("the next /64 is its own").containsExactly(503);

        java.net.InetAddress client = java.net.InetAddress.getByName("127.0.0.3");
        assertThat(loginsFrom(client, List.of("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4")))
                .as("X-Forwarded-For from an untrusted address is ignored").containsExactly(503, 503, 503, 429);
    }

    private static List<Integer> loginsFrom(java.net.InetAddress local, List<String> forwardedFor) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (String address : forwardedFor) {
            statuses.add(RawHttp.sendFrom(local, gateway, "POST", "/auth/login",
                    Map.of("Content-Type", "application/json", "X-Forwarded-For", address), "{}".getBytes()).status());
        }
        return statuses;
    }

    @Test
    void webSocketUpgradesAreRateLimitedPerClient() throws IOException {
        java.net.InetAddress client = java.net.InetAddress.getByName("127.0.0.4");
        Map<String, String> upgrade = Map.of("Connection", "Upgrade", "Upgrade", "websocket", "Sec-WebSocket-Version", "13",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Response last = null;
        for (int i = 0; i < 4; i++) {
            last = RawHttp.sendFrom(client, gateway, "GET", "/ws?device_id=" + java.util.UUID.randomUUID(), upgrade, null);
            statuses.add(last.status());
        }
        assertThat(statuses).containsExactly(503, 503, 503, 429);
        assertEnvelope(last, 429, "rate_limited");
        // Another client's upgrades are its own.
        assertThat(RawHttp.sendFrom(java.net.InetAddress.getByName("127.0.0.5"), gateway, "GET", "/ws", upgrade, null).status())
                .isEqualTo(503);
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean canConnect(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
