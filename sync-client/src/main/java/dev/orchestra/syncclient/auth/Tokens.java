package dev.orchestra.syncclient.auth;

import dev.orchestra.syncclient.protocol.AccessTokens;
import dev.orchestra.syncclient.protocol.NotLoggedIn;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The access token of the stored login, refreshed {@link #refreshAhead} before it expires (a quarter of
 * its lifetime, at most a minute, by default), so that calls and the socket never use one about to end.
 * A refresh runs under the store's lock and first re-reads the file: when another process (or another
 * folder's engine) has refreshed meanwhile, its token is taken instead of spending the refresh token twice.
 */
public final class Tokens implements AccessTokens {

    private final CredentialStore store;
    private final Refresh auth;
    private final Clock clock;
    private final Duration refreshAhead;
    private volatile Credentials credentials;

    /** How a session's tokens are refreshed: {@link AuthApi#refresh}. */
    public interface Refresh {
        Credentials refresh(Credentials current) throws IOException;
    }

    /** {@code refreshAhead}: null for the default (a quarter of the lifetime, at most 60 s); zero refreshes only once expired or refused. */
    public Tokens(CredentialStore store, AuthApi auth, Clock clock, Duration refreshAhead) throws IOException {
        this(store, auth::refresh, clock, refreshAhead);
    }

    /** As {@link #Tokens(CredentialStore, AuthApi, Clock, Duration)}, refreshing with {@code auth}. */
    public Tokens(CredentialStore store, Refresh auth, Clock clock, Duration refreshAhead) throws IOException {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.credentials = store.load().orElseThrow(() -> new NotLoggedIn("not logged in: run `orchestra-sync login` first"));
    }

    public Credentials credentials() {
        return credentials;
    }

    @Override
    public String current() throws IOException {
        Credentials now = credentials;
        if (clock.instant().isBefore(renewAt(now))) {
            return now.accessToken();
        }
        return refresh(now.accessToken()).accessToken();
    }

    @Override
    public String afterUnauthorized(String rejected) throws IOException {
        return refresh(rejected).accessToken();
    }

    /** When the current token should be replaced (and the socket reconnected with the new one). */
    public Instant renewAt() {
        return renewAt(credentials);
    }

    /** Whether tokens are renewed ahead of their expiry (false: only once expired or refused). */
    public boolean renewsAhead() {
        return refreshAhead == null || !refreshAhead.isZero();
    }

    private Instant renewAt(Credentials of) {
        Duration ahead = refreshAhead != null ? refreshAhead
                : Duration.ofSeconds(Math.min(60, Math.max(1, of.accessLifetimeSeconds() / 4)));
        return of.accessExpiry().minus(ahead);
    }

    /** A token other than {@code stale}: the file's when another refresher already replaced it, else a refreshed one. */
    private Credentials refresh(String stale) throws IOException {
        return store.locked(() -> {
            Credentials stored = store.load().orElseThrow(() -> new NotLoggedIn("logged out: run `orchestra-sync login`"));
            if (!stored.accessToken().equals(stale) && clock.instant().isBefore(renewAt(stored))) {
                credentials = stored;
                return stored;
            }
            Credentials next = auth.refresh(stored);
            store.save(next);
            credentials = next;
            return next;
        });
    }
}
