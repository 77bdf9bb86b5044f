package dev.orchestra.stripelocal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Idempotency keys as Stripe honours them on POST requests: the first answer to a key is kept for 24 hours
 * and replayed to any retry with the same method, path and parameters ({@code Idempotent-Replayed: true});
 * other parameters under the same key are a 400 {@code idempotency_error}; a retry while the first request
 * is still running is a 409. Only answers of requests that ran are kept: refused parameters (400s and
 * other 4xx) and injected faults are not, so a corrected retry under the same key goes through.
 */
final class Idempotency {

    static final int MAX_KEY_LENGTH = 255;
    private static final Duration KEPT = Duration.ofHours(24);

    /** A kept answer. */
    record Answer(String key, String method, String path, JsonElement params, int status, String body,
            String requestId, long at) {

        JsonObject toJson() {
            return Json.obj("key", key, "method", method, "path", path, "params", params, "status", status,
                    "body", body, "request_id", requestId, "at", at);
        }

        static Answer fromJson(JsonObject o) {
            return new Answer(Json.str(o, "key"), Json.str(o, "method"), Json.str(o, "path"), o.get("params"),
                    o.get("status").getAsInt(), Json.str(o, "body"), Json.str(o, "request_id"),
                    o.get("at").getAsLong());
        }
    }

    private final Store store;
    private final Clock clock;
    private final Set<String> running = new HashSet<>();

    Idempotency(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The kept answer to replay, or null when the request is to run (it is then marked running until
     * {@link #finish}); throws the idempotency errors.
     */
    Answer begin(String key, String method, String path, JsonElement params) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiError.invalid(null, "Invalid Idempotency-Key: it must be at most " + MAX_KEY_LENGTH
                    + " characters long.");
        }
        synchronized (store) {
            long now = clock.millis();
            store.answers.values().removeIf(a -> a.at() < now - KEPT.toMillis());
            if (running.contains(key)) {
                throw new ApiError(409, ApiError.IDEMPOTENCY, "idempotency_key_in_use",
                        "There is currently another in-progress request using this Idempotency-Key. "
                                + "Please try again later.", null);
            }
            Answer kept = store.answers.get(key);
            if (kept == null) {
                running.add(key);
                return null;
            }
            if (!kept.method().equals(method) || !kept.path().equals(path) || !kept.params().equals(params)) {
                throw new ApiError(400, ApiError.IDEMPOTENCY, null, "Keys for idempotent requests can only be used "
                        + "with the same parameters they were first used with. Try using a key other than '" + key
                        + "' if you meant to execute a different request.", null);
            }
            return kept;
        }
    }

    /** Ends a running request, keeping its answer unless it is null. */
    void finish(String key, Answer answer) {
        synchronized (store) {
            running.remove(key);
            if (answer != null) {
                store.answers.put(key, answer);
                store.changed();
            }
        }
    }
}
