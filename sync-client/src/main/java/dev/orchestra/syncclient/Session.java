package dev.orchestra.syncclient;

import dev.orchestra.syncclient.auth.AuthApi;
import dev.orchestra.syncclient.auth.CredentialStore;
import dev.orchestra.syncclient.auth.Credentials;
import dev.orchestra.syncclient.auth.Tokens;
import dev.orchestra.syncclient.engine.Connection;
import dev.orchestra.syncclient.protocol.Http;
import dev.orchestra.syncclient.protocol.OrchestraApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The entry point for embedding: a signed-in session from a config directory (as {@code orchestra-sync
 * login} left it), with the API and the {@link Connection} an engine needs.
 * <pre>
 *   Session.login(configDir, "http://127.0.0.1:8080", null, email, password);
 *   Session session = Session.open(configDir, null);
 *   try (SyncEngine engine = SyncEngine.open(dir, session.connection(true), projectId, "laptop",
 *           SyncOptions.defaults(), Clock.systemUTC(), System.err::println)) {
 *       engine.start();
 *       …
 *   }
 * </pre>
 */
public final class Session {

    private final HttpClient http;
    private final Tokens tokens;
    private final OrchestraApi api;

    private Session(HttpClient http, Tokens tokens) {
        this.http = http;
        this.tokens = tokens;
        this.api = new OrchestraApi(new Http(http, Duration.ofSeconds(60)), URI.create(tokens.credentials().server()), tokens);
    }

    public static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs in ({@code authServer} null: the same as {@code server}) and keeps the tokens in {@code configDir}. */
    public static Credentials login(Path configDir, String server, String authServer, String email, String password) throws IOException {
        Credentials credentials = new AuthApi(new Http(httpClient(), Duration.ofSeconds(60)), Clock.systemUTC())
                .login(strip(server), strip(authServer == null ? server : authServer), email, password);
        new CredentialStore(configDir).save(credentials);
        return credentials;
    }

    /** The stored login; {@code refreshAhead} as in {@link Tokens} (null: the default). */
    public static Session open(Path configDir, Duration refreshAhead) throws IOException {
        HttpClient http = httpClient();
        Clock clock = Clock.systemUTC();
        Tokens tokens = new Tokens(new CredentialStore(configDir), new AuthApi(new Http(http, Duration.ofSeconds(60)), clock), clock, refreshAhead);
        return new Session(http, tokens);
    }

    public Credentials credentials() {
        return tokens.credentials();
    }

    public Tokens tokens() {
        return tokens;
    }

    public OrchestraApi api() {
        return api;
    }

    public HttpClient http() {
        return http;
    }

    /** What an engine needs; {@code live}: with the socket (false: pulls only, as {@code --once}). */
    public Connection connection(boolean live) {
        return new Connection(URI.create(credentials().server()), credentials().userId(), api, live ? tokens : null, live ? http : null);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
