package dev.orchestra.syncclient.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path config;

    static Credentials issued(String access, String refresh, Instant at, long lifetime) {
        return new Credentials("http://127.0.0.1:8080", "http://127.0.0.1:8080", "a@example.com", "u1", access,
                at.getEpochSecond() + lifetime, lifetime, refresh);
    }

    @Test
    void credentialsAreKeptOwnerOnly() throws IOException {
        CredentialStore store = new CredentialStore(config.resolve("orchestra-sync"));
        store.save(issued("access", "refresh", NOW, 900));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir()))).isEqualTo("rwx------");
        assertThat(store.load()).contains(issued("access", "refresh", NOW, 900));
    }

    @Test
    void aTokenIsRefreshedAheadOfItsExpiryAndTheRotatedRefreshTokenKeptAtOnce() throws IOException {
        CredentialStore store = new CredentialStore(config);
        store.save(issued("a1", "r1", NOW, 900));
        AtomicInteger refreshes = new AtomicInteger();
        Instant[] now = {NOW.plusSeconds(800)};
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        Tokens tokens = new Tokens(store, current -> {
            refreshes.incrementAndGet();
            assertThat(current.refreshToken()).isEqualTo("r1");
            return issued("a2", "r2", now[0], 900);
        }, clock, null);

        // A 900 s token is renewed a minute before it expires (a quarter of its life, at most 60 s).
        assertThat(tokens.current()).isEqualTo("a1");
        now[0] = NOW.plusSeconds(841);
        assertThat(tokens.current()).isEqualTo("a2");
        assertThat(refreshes).hasValue(1);
        assertThat(store.load().orElseThrow().refreshToken()).isEqualTo("r2");
    }

    @Test
    void aTokenAnotherProcessAlreadyRefreshedIsTakenInsteadOfSpendingTheRefreshTokenAgain() throws IOException {
        CredentialStore store = new CredentialStore(config);
        store.save(issued("a1", "r1", NOW, 900));
        AtomicInteger refreshes = new AtomicInteger();
        Tokens tokens = new Tokens(store, current -> {
            refreshes.incrementAndGet();
            return issued("never", "never", NOW, 900);
        }, Clock.fixed(NOW.plusSeconds(10), ZoneOffset.UTC), Duration.ZERO);
        // Another process (another folder's engine) refreshed and saved meanwhile.
        store.save(issued("a2", "r2", NOW.plusSeconds(5), 900));

        assertThat(tokens.afterUnauthorized("a1")).isEqualTo("a2");
        assertThat(refreshes).hasValue(0);
    }
}
