package dev.orchestra.platform.error;

import java.time.Duration;
import java.util.Map;

/**
 * A refusal the service decided on, answered in the error envelope. Services throw these from the
 * service layer; the mapper turns them into responses.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, ?> details;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String message, Map<String, ?> details, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.details = details == null ? Map.of() : details;
        this.retryAfter = retryAfter;
    }

    public ApiException(ErrorCode code, String message, Map<String, ?> details) {
        this(code, message, details, null);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "Not found");
    }

    /** One field failed: {@code details: {field: message}}. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message, Map.of(field, message));
    }

    public static ApiException invalid(Map<String, String> details) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, "The request is invalid", details);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    /** A plan limit: {@code details: {"reason": "plan_limit", "limit": N}}. */
    public static ApiException planLimit(long limit) {
        return new ApiException(ErrorCode.FORBIDDEN, "Your plan's limit is reached",
                Map.of("reason", "plan_limit", "limit", limit));
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    /** A stale version: {@code details: {"current_version": N}}. */
    public static ApiException staleVersion(long currentVersion) {
        return new ApiException(ErrorCode.CONFLICT, "The resource was changed by someone else",
                Map.of("current_version", currentVersion));
    }

    public static ApiException rateLimited(Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, "Too many attempts, retry later", Map.of(), retryAfter);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, ?> details() {
        return details;
    }

    /** For 429 and 503: the seconds a client should wait, sent as {@code Retry-After}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public ApiError toError() {
        return ApiError.of(code, getMessage(), details);
    }
}
