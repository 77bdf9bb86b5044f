package dev.orchestra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.testing.WebSocketClient;
import java.net.URI;
import java.util.UUID;

/** A device of the sync protocol: a fresh device id and its live socket. */
final class Device implements AutoCloseable {

    final UUID id = UUID.randomUUID();
    final WebSocketClient socket;

    private Device(String httpBase, String token) {
        socket = WebSocketClient.connect(URI.create(httpBase.replaceFirst("^http", "ws") + "/ws?device_id=" + id), token);
    }

    /** Connects to {@code ws://<base>/ws?device_id=...} with the token in the Authorization header. */
    static Device connect(String httpBase, String token) {
        return new Device(httpBase, token);
    }

    /** Whether a changes frame names this entity. */
    static boolean names(JsonNode frame, UUID entity) {
        for (JsonNode change : frame.path("changes")) {
            if (change.path("entity_id").asText().equals(entity.toString())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        socket.close();
    }
}
