package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over the JDK's HTTP client: one request, its answer's body, or the error envelope as an
 * {@link ApiException}. Statuses meaning "not now" (429, 502, 503, 504) become {@link ServerUnavailable}.
 */
public final class Http {

    /** Sees every answer this process receives, before it is read: for tracing, and for tests that check answers. */
    public interface AnswerObserver {
        void answered(String method, URI uri, int status, java.util.Map<String, String> headers, String body);
    }

    private static volatile AnswerObserver observer;

    /** Installs the process-wide observer (null: none). */
    public static void observeAnswers(AnswerObserver answers) {
        observer = answers;
    }

    private final HttpClient client;
    private final Duration timeout;

    public Http(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** The parsed body of a 2xx answer (null when it has none). */
    public JsonNode send(String method, URI uri, String bearerToken, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        if (body != null) {
            byte[] bytes = body instanceof byte[] raw ? raw : Json.MAPPER.writeValueAsBytes(body);
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        AnswerObserver answers = observer;
        if (answers != null) {
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
            answers.answered(method, uri, status, headers, text);
        }
        if (status >= 200 && status < 300) {
            return text.isBlank() ? null : Json.MAPPER.readTree(text);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(Http::seconds).orElse(null);
            throw new ServerUnavailable(method + " " + uri.getPath() + " answered " + status, retryAfter);
        }
        JsonNode envelope;
        try {
            envelope = text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            envelope = null;
        }
        String code = envelope == null ? "http_" + status : Json.text(envelope, "error");
        String message = envelope == null ? text : Json.text(envelope, "message");
        throw new ApiException(status, code == null ? "http_" + status : code, message, envelope == null ? null : envelope.get("details"));
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
