package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.auth.Tokens;
import dev.orchestra.syncclient.protocol.SyncApi;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * How an engine reaches the server: its base URL (the gateway), the signed-in user, the HTTP half of
 * the protocol, and the tokens and HTTP client for the socket ({@code tokens} and {@code http} null: no
 * socket — pulls only, as {@code --once} does).
 */
public record Connection(URI server, String userId, SyncApi api, Tokens tokens, HttpClient http) {
}
