package dev.orchestra.platform.error;

import java.util.Map;

/** The body of every error answer: {@code {"error": ..., "message": ..., "details": {...}}}. */
public record ApiError(String error, String message, Map<String, Object> details) {

    public ApiError {
        details = details == null ? Map.of() : details;
    }

    public static ApiError of(ErrorCode code, String message, Map<String, ?> details) {
        // Not Map.copyOf: a detail may be null (a field cleared), and the envelope must still be written.
        return new ApiError(code.code(), message,
                details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)));
    }
}
