package dev.orchestra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device's live socket (the JDK's WebSocket client): the frames it got, pings aside. */
final class Device implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final UUID id = UUID.randomUUID();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    /** Every frame received (pings aside), whatever was taken from the queue. */
    private final List<JsonNode> history = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects to {@code ws://<base>/ws?device_id=...} with the token in the Authorization header. */
    static Device connect(String httpBase, String token) {
        Device device = new Device();
        URI uri = URI.create(httpBase.replaceFirst("^http", "ws") + "/ws?device_id=" + device.id);
        device.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, device).join();
        return device;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode frame = JSON.readTree(partial.toString());
                if (!"ping".equals(frame.path("type").asText())) {
                    // History first: whoever takes the frame from the queue may look at the history at once.
                    history.add(frame);
                    frames.add(frame);
                }
            } catch (Exception e) {
                frames.add(JSON.createObjectNode().put("type", "unreadable"));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    /** The next frame of this type that matches, skipping others; fails after 30 s. */
    JsonNode await(String type, java.util.function.Predicate<JsonNode> match) throws InterruptedException {
        JsonNode frame = poll(type, match, Duration.ofSeconds(30));
        if (frame == null) {
            throw new AssertionError("device " + id + ": no matching " + type + " frame within 30 s");
        }
        return frame;
    }

    /** The next frame of this type that matches within the time given, skipping others; null when none came. */
    JsonNode poll(String type, java.util.function.Predicate<JsonNode> match, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = end - System.nanoTime()) {
            JsonNode frame = frames.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (frame != null && type.equals(frame.path("type").asText()) && match.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** Every frame received since the socket opened, including those already taken. */
    List<JsonNode> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
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
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
