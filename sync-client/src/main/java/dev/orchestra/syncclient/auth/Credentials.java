package dev.orchestra.syncclient.auth;

import java.time.Instant;

/**
 * One login, as kept in the config directory: the server (the gateway's base URL), the auth server
 * (the same unless auth lives elsewhere), the account, the current access token with its expiry and
 * lifetime, and the refresh token (rotated on every use: the newest must always be the one kept).
 */
public record Credentials(String server, String authServer, String email, String userId, String accessToken,
                          long accessExpiresAt, long accessLifetimeSeconds, String refreshToken) {

    public Instant accessExpiry() {
        return Instant.ofEpochSecond(accessExpiresAt);
    }
}
