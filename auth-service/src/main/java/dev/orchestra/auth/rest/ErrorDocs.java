package dev.orchestra.auth.rest;

/** The OpenAPI descriptions of the error answers several routes share (each with platform's envelope). */
final class ErrorDocs {

    static final String UNAUTHORIZED = "Missing, expired, revoked or forged token";
    static final String FORBIDDEN_USER = "Authenticated but not allowed (these routes need a signed-in user only, so it is not "
            + "expected; Quarkus documents it for every authenticated route)";
    static final String FORBIDDEN_ADMIN = "The token is not in the `admin` group";
    static final String ACCOUNT_GONE = "The caller's account was erased meanwhile";
    static final String NOT_ACCEPTABLE = "The `Accept` header allows no `application/json` (the only type answered)";
    static final String UNSUPPORTED_MEDIA_TYPE = "The body is not `application/json`";
    static final String AUTH_BODY_TOO_LARGE = "A declared body over 16 KiB (every `/auth/` route), refused before it is read";
    static final String ME_BODY_TOO_LARGE = "A declared body over 512 KiB, refused before it is read";
    static final String MALFORMED_BODY = "a body that is not a JSON object, not UTF-8, holds NUL or an unpaired surrogate, a "
            + "number outside platform's number rule or a duplicate key";
    static final String INTERNAL = "Unexpected error (logged with the request id; the body says nothing of the cause)";
    static final String SESSION_UNCHECKED = "The token's session cannot be checked right now (the database away); nothing "
            + "was done";
    static final String RETRY_AFTER = "Seconds to wait";

    private ErrorDocs() {
    }
}
