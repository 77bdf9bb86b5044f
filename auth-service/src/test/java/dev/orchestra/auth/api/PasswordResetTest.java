package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.newEmail;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.TestClock;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordResetTest {

    static final String NEW_PASSWORD = "a brand new passphrase";

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String forgotAndReadToken(Account account) {
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            post("/auth/password/forgot", Map.of("email", account.email().toUpperCase())).statusCode(202);
            var event = tokens.awaitEvent(TokenEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasPasswordResetRequested());
            assertThat(event.ceType()).isEqualTo("dev.orchestra.auth.password_reset_requested.v1");
            var requested = event.envelope().getPasswordResetRequested();
            assertThat(requested.getEmail()).isEqualTo(account.email());
            assertThat(requested.getName()).isEqualTo("Ada Lovelace");
            assertThat(Duration.between(Instant.now(), EventCodec.instant(requested.getExpiresAt())).toMinutes()).isBetween(58L, 60L);
            return requested.getToken();
        }
    }

    @Test
    void forgotAnswers202ForAnyAddressAndMakesATokenOnlyForAnAccount() {
        long before = TestDatabase.count(dataSource, "one_time_tokens where purpose = 'RESET_PASSWORD'");
        post("/auth/password/forgot", Map.of("email", newEmail())).statusCode(202);
        post("/auth/password/forgot", Map.of("email", "not even an address")).statusCode(202);
        // Tokens and their events are written in one transaction: no token, no event.
        assertThat(TestDatabase.count(dataSource, "one_time_tokens where purpose = 'RESET_PASSWORD'")).isEqualTo(before);
        Account account = registered();
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            post("/auth/password/forgot", Map.of("email", account.email())).statusCode(202);
            tokens.awaitEvent(TokenEnvelope.parser(), e -> e.envelope().getUserId().equals(account.id().toString())
                    && e.envelope().hasPasswordResetRequested());
        }
        // A second request within a minute makes no second token (so no second mail), and answers the same.
        post("/auth/password/forgot", Map.of("email", account.email())).statusCode(202);
        assertThat(TestDatabase.count(dataSource, "one_time_tokens where purpose = 'RESET_PASSWORD' and user_id = '" + account.id() + "'"))
                .isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        post("/auth/password/forgot", Map.of("email", account.email())).statusCode(202);
        assertThat(TestDatabase.count(dataSource, "one_time_tokens where purpose = 'RESET_PASSWORD' and user_id = '" + account.id() + "'"))
                .isEqualTo(2);
        post("/auth/password/forgot", Map.of()).statusCode(422).body("details.email", equalTo("E-mail is required"));
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void atMostFiveResetMailsADayPerAccountAndEveryRequestAnswersTheSame() {
        Account account = registered();
        String tokensOf = "one_time_tokens where purpose = 'RESET_PASSWORD' and user_id = '" + account.id() + "'";
        for (int i = 0; i < 7; i++) {
            post("/auth/password/forgot", Map.of("email", account.email())).statusCode(202);
            clock.advance(Duration.ofMinutes(2));
        }
        // Seven requests, a minute or more apart: five tokens (five mails), the sixth and seventh nothing.
        assertThat(TestDatabase.count(dataSource, tokensOf)).isEqualTo(5);
        assertThat(TestDatabase.count(dataSource, "password_reset_mails where user_id = '" + account.id() + "'")).isEqualTo(5);
        // A day after the first, one more may go.
        clock.advance(Duration.ofHours(24).minusMinutes(13));
        post("/auth/password/forgot", Map.of("email", account.email())).statusCode(202);
        assertThat(TestDatabase.count(dataSource, tokensOf)).isEqualTo(6);
    }


    @Test
    void aResetSetsThePasswordOnceAndEndsEverySession() {
        Account account = registered();
        Account other = Account.of(login(account.email(), PASSWORD).statusCode(200).extract(), account.email());
        String token = forgotAndReadToken(account);
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            post("/auth/password/reset", Map.of("token", token, "password", NEW_PASSWORD)).statusCode(204);
            var revoked = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasSessionsRevoked());
            assertThat(revoked.envelope().getSessionsRevoked().getSessionIdsList())
                    .containsExactlyInAnyOrder(account.sessionId().toString(), other.sessionId().toString());
        }
        me(account.accessToken()).statusCode(401);
        refresh(account.refreshToken()).statusCode(401);
        refresh(other.refreshToken()).statusCode(401);
        login(account.email(), PASSWORD).statusCode(401);
        login(account.email(), NEW_PASSWORD).statusCode(200);
        post("/auth/password/reset", Map.of("token", token, "password", "yet another password")).statusCode(422)
                .body("details.token", equalTo("The token is invalid, used or expired"));
    }

    @Test
    void anExpiredTokenOrABadPasswordIs422() {
        Account account = registered();
        String token = forgotAndReadToken(account);
        post("/auth/password/reset", Map.of("token", token, "password", "short")).statusCode(422)
                .body("details.password", equalTo("Password must be 10 to 128 characters"));
        post("/auth/password/reset", Map.of("token", "nonsense", "password", "short")).statusCode(422)
                .body("details.token", equalTo("The token is invalid, used or expired"))
                .body("details.password", equalTo("Password must be 10 to 128 characters"));
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        post("/auth/password/reset", Map.of("token", token, "password", NEW_PASSWORD)).statusCode(422)
                .body("details.token", equalTo("The token is invalid, used or expired"));
        login(account.email(), PASSWORD).statusCode(200);
    }
}
