package dev.orchestra.notification.rest;

/** The OpenAPI descriptions of the error answers several routes share (each with platform's envelope). */
final class ErrorDocs {

    static final String UNAUTHORIZED = "Missing, expired, revoked or forged token";
    static final String FORBIDDEN_USER = "Authenticated but not allowed (these routes need a signed-in user only, so it is not "
            + "expected; Quarkus documents it for every authenticated route)";
    static final String FORBIDDEN_ADMIN = "The token is not in the `admin` group";
    static final String NOT_ACCEPTABLE = "The `Accept` header allows no `application/json` (the only type answered)";
    static final String INTERNAL = "Unexpected error (logged with the request id; the body says nothing of the cause)";
    static final String SESSION_UNCHECKED = "The token's session cannot be checked right now (the database away); nothing "
            + "was done";
    static final String RETRY_AFTER = "Seconds to wait";

    private ErrorDocs() {
    }
}
