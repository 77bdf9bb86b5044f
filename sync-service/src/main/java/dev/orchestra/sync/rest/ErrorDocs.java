package dev.orchestra.sync.rest;

/** The OpenAPI descriptions of the error answers several routes share (each with platform's envelope). */
final class ErrorDocs {

    static final String UNAUTHORIZED = "Missing, expired, revoked or forged token";
    static final String FORBIDDEN_ADMIN = "The token is not in the `admin` group";
    static final String DEVICE_LIMIT = "A new device beyond the user's 100 (`details.reason`: `device_limit`)";
    static final String NOT_YOUR_DEVICE = "The device belongs to another user";
    static final String DEVICE_FORGOTTEN = "the device was forgotten after 180 idle days (`details.reason`: `device_forgotten`)";
    static final String NOT_ACCEPTABLE = "The `Accept` header allows no `application/json` (the only type answered)";
    static final String UNSUPPORTED_MEDIA_TYPE = "The body is not `application/json`";
    static final String MALFORMED_BODY = "a body that is not a JSON object, not UTF-8, holds NUL or an unpaired surrogate, a "
            + "number outside platform's number rule or a duplicate key";
    static final String INTERNAL = "Unexpected error (logged with the request id; the body says nothing of the cause)";
    static final String SESSION_UNCHECKED = "The token's session cannot be checked right now (the database away); nothing "
            + "was done";
    static final String RETRY_AFTER = "Seconds to wait";

    private ErrorDocs() {
    }
}
