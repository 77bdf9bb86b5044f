package dev.orchestra.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device's socket, with the JDK's WebSocket client: the frames it got (pings aside) and how it closed. */
public final class SocketClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    /** Every frame ever received (pings aside), whatever was taken from the queue. */
    private final List<JsonNode> history = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static SocketClient connect(int port, String token, java.util.UUID device) {
        SocketClient client = new SocketClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?device_id=" + device), client).join();
        return client;
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
                frames.add(JSON.createObjectNode().put("type", "unreadable").put("text", partial.toString()));
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

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next frame, waiting up to the given time; null when none came. */
    public JsonNode next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame of this type, skipping others; fails when none comes within 30 s. */
    public JsonNode await(String type) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            JsonNode frame = frames.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null && type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
        throw new AssertionError("no " + type + " frame within 30 s");
    }

    /** Every frame received since the socket opened, including those already taken. */
    public List<JsonNode> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Every frame received so far and not yet taken, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** The close code, waiting up to 30 s. */
    public int awaitClose() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
