package dev.orchestra.syncclient.protocol;

/** No usable session: never logged in, or the refresh token was refused (logged out, revoked, expired). */
public class NotLoggedIn extends RuntimeException {

    public NotLoggedIn(String message) {
        super(message);
    }
}
