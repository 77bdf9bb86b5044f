package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.register;
import static dev.orchestra.auth.support.AuthApi.newEmail;
import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.TestClock;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EmailVerificationTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Registers an account and returns it with the token of its welcome mail. */
    private static Registered registerAndReadToken() {
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            String email = newEmail();
            Account account = Account.of(register(email, "Ada", PASSWORD).statusCode(201).extract(), email);
            var event = tokens.awaitEvent(TokenEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasEmailVerificationRequested());
            return new Registered(account, event.envelope().getEmailVerificationRequested().getToken());
        }
    }

    private record Registered(Account account, String token) {
    }

    @Test
    void theTokenVerifiesTheAddressOnceAndPublishesTheNewState() {
        Registered registered = registerAndReadToken();
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            post("/auth/verify-email", Map.of("token", registered.token())).statusCode(204);
            var updated = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(registered.account().id().toString()) && e.envelope().hasUserUpdated());
            assertThat(updated.ceType()).isEqualTo("dev.orchestra.auth.user_updated.v1");
            assertThat(updated.envelope().getUserUpdated().getUser().getEmailVerified()).isTrue();
            assertThat(updated.envelope().getUserUpdated().getUser().getVersion()).isEqualTo(2);
        }
        me(registered.account().accessToken()).statusCode(200).body("data.email_verified", equalTo(true));
        post("/auth/verify-email", Map.of("token", registered.token())).statusCode(422)
                .body("error", equalTo("validation_error"))
                .body("details.token", equalTo("The token is invalid, used or expired"));
    }

    @Test
    void aVerificationTokenIsStoredOnlyAsItsHash() throws Exception {
        Registered registered = registerAndReadToken();
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getUrlDecoder().decode(registered.token())));
        assertThat(dev.orchestra.platform.testing.TestDatabase.count(dataSource,
                "one_time_tokens where token_hash = '" + hash + "' and purpose = 'VERIFY_EMAIL'")).isEqualTo(1);
        for (String table : new String[] {"one_time_tokens", "users", "sessions"}) {
            assertThat(dev.orchestra.platform.testing.TestDatabase.count(dataSource,
                    table + " t where position('" + registered.token() + "' in t::text) > 0")).as(table).isZero();
        }
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void unknownMalformedAndExpiredTokensAre422OnTheTokenField() {
        post("/auth/verify-email", Map.of("token", "A".repeat(43))).statusCode(422).body("details.token", equalTo("The token is invalid, used or expired"));
        post("/auth/verify-email", Map.of("token", "short")).statusCode(422).body("details.token", equalTo("The token is invalid, used or expired"));
        post("/auth/verify-email", Map.of()).statusCode(422).body("details.token", equalTo("The token is invalid, used or expired"));
        Registered registered = registerAndReadToken();
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        post("/auth/verify-email", Map.of("token", registered.token())).statusCode(422).body("details.token", equalTo("The token is invalid, used or expired"));
    }

    @Test
    void aResendPublishesANewTokenAtMostOnceAMinute() {
        Registered registered = registerAndReadToken();
        String access = registered.account().accessToken();
        // The registration's token was made just now: a resend must wait a minute.
        given().auth().oauth2(access).post("/api/v1/users/me/verify-email").then().statusCode(429)
                .body("error", equalTo("rate_limited")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        clock.advance(Duration.ofSeconds(61));
        String resent;
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            given().auth().oauth2(access).post("/api/v1/users/me/verify-email").then().statusCode(202);
            var event = tokens.awaitEvent(TokenEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(registered.account().id().toString()) && e.envelope().hasEmailVerificationRequested());
            assertThat(event.envelope().getEmailVerificationRequested().getReason()).isEqualTo(EmailVerificationRequested.Reason.REASON_RESEND);
            resent = event.envelope().getEmailVerificationRequested().getToken();
        }
        assertThat(resent).isNotEqualTo(registered.token());
        given().auth().oauth2(access).post("/api/v1/users/me/verify-email").then().statusCode(429);
        post("/auth/verify-email", Map.of("token", resent)).statusCode(204);
        // Verifying spends the other tokens; a verified address needs no more mails.
        post("/auth/verify-email", Map.of("token", registered.token())).statusCode(422);
        clock.advance(Duration.ofSeconds(61));
        given().auth().oauth2(access).post("/api/v1/users/me/verify-email").then().statusCode(409).body("error", equalTo("conflict"));
    }
}
