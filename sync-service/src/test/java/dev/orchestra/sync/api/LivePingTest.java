package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.SyncApi.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token(UUID.randomUUID()))
                .buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + "/ws?device_id=" + UUID.randomUUID()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        // The account frame every socket gets as it opens aside.
                        if (!data.toString().contains("\"type\":\"account\"")) {
                            frames.add(data.toString());
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        try {
            assertThat(frames.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"ping\"}");
            assertThat(frames.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"ping\"}");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
