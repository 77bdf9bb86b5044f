package dev.orchestra.auth.service;

/** A session's credentials: the user, a 15-minute access token and the session's refresh token. */
public record SignedIn(UserView user, String accessToken, String refreshToken, long expiresIn) {
}
