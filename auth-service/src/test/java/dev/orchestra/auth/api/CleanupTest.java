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
