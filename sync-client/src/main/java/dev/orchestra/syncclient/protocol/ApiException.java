package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A definite answer of the server that is not a success: its HTTP status and its error envelope
 * ({@code {"error", "message", "details"}}). Failures to reach the server are {@link java.io.IOException}s
 * instead ({@link ServerUnavailable} for 502/503/504 and 429): those are retried, these are not.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final JsonNode details;

    public ApiException(int status, String code, String message, JsonNode details) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Json.MAPPER.createObjectNode() : details;
    }

    public int status() {
        return status;
    }

    /** The envelope's {@code error}: {@code validation_error}, {@code conflict}, {@code resync_required}, … */
    public String code() {
        return code;
    }

    public JsonNode details() {
        return details;
    }
}
