package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The device's socket ({@code GET /ws?device_id=…}, the token in the upgrade's Authorization header), on
 * the JDK's WebSocket client. The server only sends: {@code changes}, {@code rejected}, {@code account},
 * {@code ping}, and whatever types come later — the listener gets every frame but pings and decides.
 *
 * <p>{@link #connect} opens a new socket before the previous one is closed (make before break), so a
 * token renewal leaves no moment without a socket; frames of a replaced socket still reach the
 * listener (seqs make repeats harmless), but its close does not.
 */
public final class LiveSocket {

    /** Called on the WebSocket client's threads: hand the work to your own. */
    public interface Listener {
        void onOpen();

        void onFrame(JsonNode frame);

        /** The current socket closed (by the server, or the connection broke): code 4401 means "token ended". */
        void onClosed(int code, String reason);
    }

    /** The close code of an expired token or a revoked session. */
    public static final int TOKEN_ENDED = 4401;

    private final HttpClient http;
    private final URI uri;
    private final Listener listener;
    private volatile WebSocket current;
    private volatile boolean stopped;

    public LiveSocket(HttpClient http, URI server, UUID device, Listener listener) {
        this.http = http;
        this.uri = Endpoints.socket(server, device);
        this.listener = listener;
    }

    /**
     * Opens a socket with this token, then closes the one before it. A refused upgrade is an
     * {@link ApiException} (401: a token the server does not take; 404: another user's device), a
     * failure to connect an {@link IOException}.
     */
    public synchronized void connect(String token) throws IOException {
        if (stopped) {
            return;
        }
        WebSocket previous = current;
        Frames frames = new Frames();
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, frames).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                throw new ApiException(status, status == 401 ? "unauthorized" : "http_" + status, "socket upgrade refused", null);
            }
            throw new IOException("socket: " + (cause == null ? e : cause).getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("socket: no answer to the upgrade", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        current = socket;
        frames.socket = socket;
        listener.onOpen();
        Integer closedEarly = frames.closedBeforeItWasCurrent;
        if (closedEarly != null && current == socket) {
            // Closed as it opened (a revoked session gets 4401 before any frame): reported now.
            current = null;
            listener.onClosed(closedEarly, "closed as it opened");
        }
        if (previous != null) {
            previous.sendClose(WebSocket.NORMAL_CLOSURE, "replaced").exceptionally(failure -> null);
        }
    }

    public boolean isOpen() {
        WebSocket socket = current;
        return socket != null && !socket.isInputClosed();
    }

    /** Closes the socket; nothing is reported any more. */
    public synchronized void close() {
        stopped = true;
        WebSocket socket = current;
        current = null;
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(failure -> null);
            socket.abort();
        }
    }

    /** Drops the connection without a close handshake (a dead peer): reported like a break. */
    public void abort() {
        WebSocket socket = current;
        if (socket != null) {
            socket.abort();
            if (socket == current) {
                listener.onClosed(1006, "aborted");
            }
        }
    }

    /** One socket's frames, text parts joined. */
    private final class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile Integer closedBeforeItWasCurrent;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode frame = Json.MAPPER.readTree(text);
                    if (frame != null && !"ping".equals(Json.text(frame, "type")) && !stopped) {
                        listener.onFrame(frame);
                    }
                } catch (IOException e) {
                    // A frame that is not JSON is not one we know: ignored, as unknown types are.
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedWith(webSocket, statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedWith(webSocket, 1006, String.valueOf(error.getMessage()));
        }

        private void closedWith(WebSocket webSocket, int code, String reason) {
            // Only the current socket's end matters: a replaced one was closed on purpose.
            if (socket == null) {
                closedBeforeItWasCurrent = code;
            } else if (!stopped && webSocket == current) {
                current = null;
                listener.onClosed(code, reason);
            }
        }
    }
}
