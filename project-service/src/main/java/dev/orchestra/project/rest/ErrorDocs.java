package dev.orchestra.project.rest;

/** The OpenAPI descriptions of the answers the routes share (each error with platform's envelope). */
final class ErrorDocs {

    static final String UNAUTHORIZED = "Missing, expired, revoked or forged token";
    static final String FORBIDDEN = "Authenticated but not allowed (these routes need a signed-in user only, so it is not "
            + "expected; Quarkus documents it for every authenticated route)";
    static final String NOT_ACCEPTABLE = "The `Accept` header allows no `application/json` (the only type answered)";
    static final String TOO_LARGE = "The body is larger than 8 MiB (`quarkus.http.limits.max-body-size`), refused before it is read";
    static final String UNSUPPORTED = "The body is not `application/json`";
    static final String INTERNAL = "Unexpected error (logged with the request id; the body says nothing of the cause)";
    static final String SESSION_UNCHECKED = "The token's session cannot be checked right now (the database away); "
            + "nothing was done";
    static final String RETRY_AFTER = "Seconds to wait";
    static final String ETAG = "The version as an entity tag, `\"<version>\"`: send it back in `If-Match`";
    static final String IF_MATCH = "Makes the write conditional on the version: `\"<version>\"`, the ETag (`W/` allowed); "
            + "`*` or none: unconditional. A stale version is a 409, a malformed one a 422 (`details.if_match`)";
    static final String BAD_BODY = "not JSON, not an object, a string with NUL or an unpaired surrogate, a number beyond "
            + "100 significant digits or an exponent beyond ±308, a duplicate key";
    static final String BAD_PARAMETER = "a path or query parameter with NUL or an unpaired surrogate (`details` names it)";

    private ErrorDocs() {
    }
}
