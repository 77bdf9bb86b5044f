package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.SyncApi.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.testing.WebSocketClient;
import dev.orchestra.sync.support.SyncApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idle sockets get {"type":"ping"} frames (every second here, every 25 s by default). */
@QuarkusTest
@TestProfile(LivePingTest.FastPings.class)
class LivePingTest {

    public static class FastPings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orchestra.sync.ping-every", "1s");
        }
    }

    @Test
    void anIdleSocketIsPinged() throws Exception {
        try (WebSocketClient socket = SyncApi.socket(token(UUID.randomUUID()), UUID.randomUUID())) {
            assertThat(socket.awaitPing()).isEqualTo("{\"type\":\"ping\"}");
            assertThat(socket.awaitPing()).isEqualTo("{\"type\":\"ping\"}");
            // Idle: nothing else came, the account frame every socket gets as it opens aside.
            assertThat(socket.history()).allMatch(frame -> frame.path("type").asText().equals("account"));
        }
    }
}
