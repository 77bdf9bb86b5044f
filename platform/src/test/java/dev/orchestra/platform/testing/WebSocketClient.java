package dev.orchestra.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's WebSocket of JSON frames, on the JDK's client (no Quarkus: the end-to-end tests use it
 * too): the frames it got, {@code {"type":"ping"}} aside (kept apart, as sent: {@link #awaitPing()}),
 * and how it closed. A frame that is not JSON arrives as {@code {"type":"unreadable","text":...}}.
 */
public final class WebSocketClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final URI uri;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    /** The {@code {"type":"ping"}} frames' texts, exactly as they came. */
    private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    /** Every frame ever received (pings aside), whatever was taken from the queue. */
    private final List<JsonNode> history = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private WebSocketClient(URI uri) {
        this.uri = uri;
    }

    /** Opens {@code ws://…} or {@code wss://…} with the token in the Authorization header; waits for the upgrade. */
    public static WebSocketClient connect(URI uri, String bearerToken) {
        return open(uri, HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + bearerToken));
    }

    /**
     * Opens the socket as a browser must, which cannot set headers on an upgrade: the token in
     * {@code Sec-WebSocket-Protocol}, as the subprotocols {@code bearer-token-carrier} and
     * {@code encodeURIComponent("quarkus-http-upgrade#Authorization#Bearer " + token)}; waits for the upgrade.
     * The server picks {@code bearer-token-carrier} ({@link #subprotocol()}).
     */
    public static WebSocketClient connectAsBrowser(URI uri, String bearerToken) {
        // URLEncoder writes a space as '+', encodeURIComponent as %20; a token's own characters are the same in both.
        String carried = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + bearerToken, StandardCharsets.UTF_8)
                .replace("+", "%20");
        return open(uri, HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("bearer-token-carrier", carried));
    }

    private static WebSocketClient open(URI uri, WebSocket.Builder builder) {
        WebSocketClient client = new WebSocketClient(uri);
        client.socket = builder.connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode frame = JSON.readTree(partial.toString());
                if ("ping".equals(frame.path("type").asText())) {
                    pings.add(partial.toString());
                } else {
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

    /** Sends one text frame, waiting until it is written. */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame, waiting up to the given time; null when none came. */
    public JsonNode next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame of this type, skipping others; fails when none comes within 30 s. */
    public JsonNode await(String type) throws InterruptedException {
        return await(type, frame -> true);
    }

    /** The next frame of this type that matches, skipping others; fails when none comes within 30 s. */
    public JsonNode await(String type, Predicate<JsonNode> match) throws InterruptedException {
        JsonNode frame = poll(type, match, AWAIT);
        if (frame == null) {
            throw new AssertionError(uri + ": no matching " + type + " frame within " + AWAIT.toSeconds() + " s");
        }
        return frame;
    }

    /** The next frame of this type that matches within the time given, skipping others; null when none came. */
    public JsonNode poll(String type, Predicate<JsonNode> match, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = end - System.nanoTime()) {
            // Short polls: the deadline holds however many other frames go by.
            JsonNode frame = frames.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (frame != null && type.equals(frame.path("type").asText()) && match.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** The next {@code {"type":"ping"}} frame's text, exactly as sent; fails when none comes within 30 s. */
    public String awaitPing() throws InterruptedException {
        String ping = pings.poll(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (ping == null) {
            throw new AssertionError(uri + ": no ping frame within " + AWAIT.toSeconds() + " s");
        }
        return ping;
    }

    /** The subprotocol the server chose on the upgrade; empty when none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Every frame received since the socket opened, including those already taken. */
    public List<JsonNode> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The close code the server sent, waiting up to 30 s. */
    public int awaitClose() throws Exception {
        return closed.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
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
