package dev.orchestra.platform.error;

/** The error codes of docs/architecture.md section 2, each with its HTTP status. */
public enum ErrorCode {
    VALIDATION_ERROR(422),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    RESYNC_REQUIRED(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The wire name: {@code validation_error}, {@code not_found}, ... */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
