package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.newEmail;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.registered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.auth.service.Cleanup;
import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.TestClock;
import dev.orchestra.platform.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CleanupTest {

    @Inject
    Cleanup cleanup;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void empty() {
        TestDatabase.clean(dataSource);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void removesUsedTokensAndRotatedRefreshTokensPastTheirLifetime() {
        String verification;
        Account account;
        try (var tokens = dev.orchestra.platform.testing.TopicRecorder.of("test.auth.tokens.v1")) {
            account = registered();
            Account made = account;
            verification = tokens.awaitEvent(dev.orchestra.proto.events.v1.TokenEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(made.id().toString()) && e.envelope().hasEmailVerificationRequested())
                    .envelope().getEmailVerificationRequested().getToken();
        }
        post("/auth/verify-email", Map.of("token", verification)).statusCode(204);
        String next = dev.orchestra.auth.support.AuthApi.refresh(account.refreshToken()).statusCode(200).extract().path("data.refresh_token");
        Cleanup.Removed now = cleanup.run();
        assertThat(now.oneTimeTokens()).as("the used verification token").isEqualTo(1);
        assertThat(now.refreshTokens()).as("a rotated token still within its 30 days stays").isZero();
        // 31 days on, the rotated one is past its lifetime; the session, refreshed 31 days ago, has expired too.
        clock.advance(Duration.ofDays(31));
        Cleanup.Removed later = cleanup.run();
        assertThat(later.sessions()).isEqualTo(1);
        assertThat(TestDatabase.count(dataSource, "refresh_tokens")).isZero();
        dev.orchestra.auth.support.AuthApi.refresh(next).statusCode(401);
    }

    @Test
    void aRotatedRefreshTokenPastItsLifetimeGoesWhileItsSessionLives() {
        Account account = registered();
        String first = account.refreshToken();
        clock.advance(Duration.ofDays(20));
        String second = dev.orchestra.auth.support.AuthApi.refresh(first).statusCode(200).extract().path("data.refresh_token");
        clock.advance(Duration.ofDays(11));
        // The first token was issued 31 days ago: gone; the session (refreshed 11 days ago) and its current token stay.
        Cleanup.Removed removed = cleanup.run();
        assertThat(removed.refreshTokens()).isEqualTo(1);
        assertThat(removed.sessions()).isZero();
        dev.orchestra.auth.support.AuthApi.refresh(second).statusCode(200);
    }

    @Test
    void removesEndedSessionsSpentTokensAndOldFailuresAndKeepsWhatIsStillGood() {
        Account loggedOut = registered();
        post("/auth/logout", Map.of("refresh_token", loggedOut.refreshToken())).statusCode(204);
        Account active = registered();
        login(newEmail(), "wrong password").statusCode(401);

        Cleanup.Removed now = cleanup.run();
        assertThat(now.sessions()).isEqualTo(1);
        assertThat(now.oneTimeTokens()).isZero();
        assertThat(now.loginFailures()).isZero();
        assertThat(TestDatabase.count(dataSource, "sessions where user_id = '" + active.id() + "'")).isEqualTo(1);

        // 16 minutes on: the failure is past the lockout window; 25 hours: the verification tokens expired.
        clock.advance(Duration.ofHours(25));
        Cleanup.Removed later = cleanup.run();
        assertThat(later.loginFailures()).isEqualTo(1);
        assertThat(later.oneTimeTokens()).isEqualTo(2);
        assertThat(later.sessions()).isZero();
        // 31 days on: the active session expired too.
        clock.advance(Duration.ofDays(30));
        assertThat(cleanup.run().sessions()).isEqualTo(1);
        assertThat(TestDatabase.count(dataSource, "sessions")).isZero();
        assertThat(TestDatabase.count(dataSource, "refresh_tokens")).isZero();
        assertThat(TestDatabase.count(dataSource, "users")).isEqualTo(2);
        login(active.email(), PASSWORD).statusCode(200);
    }
}
