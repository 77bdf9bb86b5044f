package dev.orchestra.syncclient.protocol;

import java.io.IOException;

/** Where API calls get their bearer token; implemented by {@code auth.Tokens} (refresh before expiry). */
public interface AccessTokens {

    /** A token valid now. */
    String current() throws IOException;

    /** The server refused {@code rejected} with 401: a fresh token (refreshed unless one is already newer). */
    String afterUnauthorized(String rejected) throws IOException;
}
