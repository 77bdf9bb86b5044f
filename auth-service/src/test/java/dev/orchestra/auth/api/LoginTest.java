package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.newEmail;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import de.mkammerer.argon2.Argon2Factory;
import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry metrics;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theRightPasswordSignsInWithANewSessionWhateverTheEmailsCase() {
        Account account = registered();
        var body = login(account.email().toUpperCase(), PASSWORD).statusCode(200)
                .body("data.user.id", equalTo(account.id().toString()))
                .body("data.token_type", equalTo("Bearer"))
                .body("data.expires_in", equalTo(900))
                .body("data.refresh_token", notNullValue())
                .extract();
        String sid = dev.orchestra.auth.support.Jwt.claims(body.path("data.access_token")).get("sid").asText();
        assertThat(sid).isNotEqualTo(account.sessionId().toString());
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSame401AndBothSpendOneHash() {
        Account account = registered();
        double accountChecks = verifications("account");
        double dummyChecks = verifications("dummy");
        String wrongPassword = login(account.email(), "not the password").statusCode(401).extract().asString();
        assertThat(verifications("account") - accountChecks).isEqualTo(1.0);
        String unknownEmail = login(newEmail(), "not the password").statusCode(401).extract().asString();
        assertThat(verifications("dummy") - dummyChecks).as("the unknown e-mail still ran one hash").isEqualTo(1.0);
        assertThat(unknownEmail).isEqualTo(wrongPassword)
                .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Invalid e-mail or password\",\"details\":{}}");
    }

    @Test
    void missingCredentialsAre422() {
        AuthApiBodies.post("/auth/login", "{}").statusCode(422)
                .body("details.email", equalTo("E-mail is required"))
                .body("details.password", equalTo("Password is required"));
    }

    @Test
    void tenFailuresLockAnExistingAccountsEmailUntilTheWindowPassesEvenForTheRightPassword() {
        Account account = registered();
        for (int i = 0; i < 10; i++) {
            login(account.email(), "wrong password " + i).statusCode(401);
        }
        double before = verifications("account");
        login(account.email(), PASSWORD).statusCode(429)
                .body("error", equalTo("rate_limited"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("\\d+"))
                .extract().header("Retry-After");
        int retryAfter = Integer.parseInt(login(account.email().toUpperCase(), "x").statusCode(429).extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(14 * 60, 15 * 60);
        assertThat(verifications("account")).as("a locked address checks no password").isEqualTo(before);

        clock.advance(Duration.ofMinutes(14));
        login(account.email(), PASSWORD).statusCode(429);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        login(account.email(), PASSWORD).statusCode(200);
    }

    @Test
    void aStrangerGuessingFromOneNetworkCannotLockTheOwnerOutFromAnother() {
        Account account = registered();
        for (int i = 0; i < 10; i++) {
            loginFrom("198.51.100.7", account.email(), "guess " + i).statusCode(401);
        }
        loginFrom("198.51.100.7", account.email(), PASSWORD).statusCode(429).body("error", equalTo("rate_limited"));
        // An IPv6 client is one client across its /64, however it writes or rotates the rest.
        for (int i = 0; i < 10; i++) {
            loginFrom("2001:db8:1:2::" + Integer.toHexString(i + 1), account.email(), "guess " + i).statusCode(401);
        }
        loginFrom("2001:DB8:1:2:ffff:ffff:ffff:ffff", account.email(), PASSWORD).statusCode(429);
        loginFrom("2001:db8:1:3::1", account.email(), "guess").statusCode(401);
        // The owner, elsewhere, signs in; their refresh and access tokens were never at stake.
        loginFrom("203.0.113.50", account.email(), PASSWORD).statusCode(200);
        refresh(account.refreshToken()).statusCode(200);
        me(account.accessToken()).statusCode(200);
    }

    @Test
    void failuresFromEveryClientTogetherLockTheAddressForAll() {
        Account account = registered();
        // 100 failures, 10 from each of 10 clients (each client at its own limit).
        for (int client = 1; client <= 10; client++) {
            for (int i = 0; i < 10; i++) {
                loginFrom("192.0.2." + client, account.email(), "guess " + i).statusCode(401);
            }
        }
        loginFrom("203.0.113.51", account.email(), PASSWORD).statusCode(429).header("Retry-After", notNullValue());
        refresh(account.refreshToken()).statusCode(200);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        loginFrom("203.0.113.51", account.email(), PASSWORD).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse loginFrom(String ip, String email, String password) {
        return io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).header("X-Real-IP", ip)
                .body(java.util.Map.of("email", email, "password", password)).post("/auth/login").then();
    }

    @Test
    void unknownEmailsAreLockedTooAndOtherAddressesAreNot() {
        String unknown = newEmail();
        for (int i = 0; i < 9; i++) {
            login(unknown, "guess " + i).statusCode(401);
        }
        login(unknown, "guess 9").statusCode(401);
        login(unknown, "guess 10").statusCode(429).header("Retry-After", notNullValue());
        Account other = registered();
        login(other.email(), PASSWORD).statusCode(200);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        login(unknown, "guess 11").statusCode(401);
    }

    @Test
    void concurrentGuessesCannotSlipPastTheCount() throws Exception {
        String unknown = newEmail();
        double before = verifications("dummy");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int guess = i;
                answers.add(pool.submit(() -> login(unknown, "guess " + guess).extract().statusCode()));
            }
            int refused = 0;
            for (var answer : answers) {
                refused += answer.get() == 429 ? 1 : 0;
            }
            assertThat(refused).isEqualTo(15);
        } finally {
            pool.shutdown();
        }
        assertThat(verifications("dummy") - before).as("no more hashes than the lockout admits").isEqualTo(10.0);
    }

    @Test
    void anyTextAsAnEmailIsA401NeverA500() {
        login("x".repeat(5000) + "@example.com", "whatever").statusCode(401);
        login("é".repeat(3000), "whatever").statusCode(401);
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        Account account = registered();
        for (int i = 0; i < 9; i++) {
            login(account.email(), "wrong " + i).statusCode(401);
        }
        login(account.email(), PASSWORD).statusCode(200);
        for (int i = 0; i < 9; i++) {
            login(account.email(), "wrong again " + i).statusCode(401);
        }
        login(account.email(), PASSWORD).statusCode(200);
    }

    @Test
    void aHashOfOlderParametersIsReplacedOnTheNextSuccessfulLogin() throws Exception {
        Account account = registered();
        String weaker = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id)
                .hash(3, 19456, 1, PASSWORD.toCharArray(), StandardCharsets.UTF_8);
        setPasswordHash(account.id(), weaker);
        login(account.email(), PASSWORD).statusCode(200);
        assertThat(passwordHash(account.id())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(weaker);
        login(account.email(), PASSWORD).statusCode(200);
    }

    private double verifications(String kind) {
        return metrics.get("orchestra.auth.password.verifications").tag("kind", kind).counter().count();
    }

    private void setPasswordHash(UUID user, String hash) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update users set password_hash = ? where id = ?")) {
            update.setString(1, hash);
            update.setObject(2, user);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String passwordHash(UUID user) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select password_hash from users where id = ?")) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
