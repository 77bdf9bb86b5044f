package dev.orchestra.platform.error;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every error answer: {@code {"error": ..., "message": ..., "details": {...}}}. */
@Schema(name = "ApiError", description = "Every error answer of every service and of the gateway: a stable code, a message "
        + "for people, and details")
public record ApiError(
        @Schema(required = true, description = "The stable code, one per status: validation_error (400, 408, 414, 422, 431), "
                + "unauthorized (401), forbidden (403), not_found (404), method_not_allowed (405), not_acceptable (406), "
                + "conflict (409), resync_required (410), payload_too_large (413), unsupported_media_type (415), "
                + "rate_limited (429), internal_error (500), service_unavailable (503)", example = "validation_error")
        String error,
        @Schema(required = true, description = "For people; its wording may change") String message,
        @Schema(required = true, type = SchemaType.OBJECT, description = "Per field for a validation error (the field's "
                + "problem), else what the operation documents (a `reason`, the `dependency` that is down, a current "
                + "version); empty when there is nothing more to say")
        Map<String, Object> details) {

    public ApiError {
        details = details == null ? Map.of() : details;
    }

    /** The longest detail key an answer repeats: a field path is never longer, a hostile key may be. */
    static final int MAX_DETAIL_KEY = 256;

    public static ApiError of(ErrorCode code, String message, Map<String, ?> details) {
        // Not Map.copyOf: a detail may be null (a field cleared), and the envelope must still be written.
        return new ApiError(code.code(), message, details == null ? Map.of() : java.util.Collections.unmodifiableMap(bounded(details)));
    }

    /**
     * Details keyed as given, but a key (a field path from the request) cut to {@link #MAX_DETAIL_KEY}
     * characters: an answer never repeats a 70,000-character key back, which common JSON parsers
     * refuse to read (Jackson's default limit on a name is 50,000).
     */
    private static Map<String, Object> bounded(Map<String, ?> details) {
        Map<String, Object> bounded = new java.util.LinkedHashMap<>();
        details.forEach((key, value) -> {
            String shown = key;
            if (key != null && key.length() > MAX_DETAIL_KEY) {
                int end = MAX_DETAIL_KEY - 1;
                // Never half of a surrogate pair: the answer must stay valid UTF-8.
                if (Character.isHighSurrogate(key.charAt(end - 1))) {
                    end--;
                }
                shown = key.substring(0, end) + "…";
            }
            bounded.putIfAbsent(shown, value);
        });
        return bounded;
    }
}
