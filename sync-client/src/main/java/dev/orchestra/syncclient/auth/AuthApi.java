package dev.orchestra.syncclient.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.syncclient.protocol.ApiException;
import dev.orchestra.syncclient.protocol.Endpoints;
import dev.orchestra.syncclient.protocol.Http;
import dev.orchestra.syncclient.protocol.Json;
import dev.orchestra.syncclient.protocol.NotLoggedIn;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** {@code POST /auth/login} and {@code POST /auth/refresh}: both answer a token pair and the user. */
public final class AuthApi {

    private final Http http;
    private final Clock clock;

    public AuthApi(Http http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A new session (one device's login); a wrong password is a 401 {@link ApiException}. */
    public Credentials login(String server, String authServer, String email, String password) throws IOException {
        JsonNode data = http.send("POST", Endpoints.resolve(URI.create(authServer), "/auth/login"), null,
                Map.of("email", email, "password", password)).path("data");
        return credentials(server, authServer, data);
    }

    /**
     * The next token pair of the session. The refresh token presented is spent: the answer's must be
     * kept before anything else (see {@link CredentialStore}). A refused one → {@link NotLoggedIn}.
     */
    public Credentials refresh(Credentials current) throws IOException {
        try {
            JsonNode data = http.send("POST", Endpoints.resolve(URI.create(current.authServer()), "/auth/refresh"), null,
                    Map.of("refresh_token", current.refreshToken())).path("data");
            return credentials(current.server(), current.authServer(), data);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw new NotLoggedIn("the session has ended (" + e.getMessage() + "): log in again");
            }
            throw e;
        }
    }

    /** Logs the session out (its refresh token stops working). */
    public void logout(Credentials current) throws IOException {
        http.send("POST", Endpoints.resolve(URI.create(current.authServer()), "/auth/logout"), null,
                Map.of("refresh_token", current.refreshToken()));
    }

    private Credentials credentials(String server, String authServer, JsonNode data) {
        long lifetime = data.path("expires_in").asLong(900);
        JsonNode user = data.path("user");
        return new Credentials(server, authServer, Json.text(user, "email"), Json.text(user, "id"), Json.text(data, "access_token"),
                clock.instant().getEpochSecond() + lifetime, lifetime, Json.text(data, "refresh_token"));
    }
}
