package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.register;
import static dev.orchestra.auth.support.AuthApi.registered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountDeletionTest {

    @Inject
    AgroalDataSource dataSource;

    private static io.restassured.response.ValidatableResponse delete(Account account, Object body) {
        return given().auth().oauth2(account.accessToken()).contentType(ContentType.JSON).body(body).delete("/api/v1/users/me").then();
    }

    @Test
    void theRightPasswordErasesTheAccountAndEveryTokenDies() {
        Account account = registered();
        Account otherDevice = Account.of(login(account.email(), PASSWORD).statusCode(200).extract(), account.email());
        TestDatabase.parkFailedEvent(dataSource, account.id());
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            delete(account, Map.of("password", PASSWORD)).statusCode(204);
            // Nothing of theirs stays in the outbox, but the erasure's own event goes out.
            assertThat(TestDatabase.count(dataSource, "outbox_failed where record_key = '" + account.id() + "'")).isZero();
            var deleted = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasUserDeleted());
            assertThat(deleted.ceType()).isEqualTo("dev.orchestra.auth.user_deleted.v1");
            assertThat(deleted.key()).isEqualTo(account.id().toString());
        }
        me(account.accessToken()).statusCode(401);
        me(otherDevice.accessToken()).statusCode(401);
        refresh(otherDevice.refreshToken()).statusCode(401);
        login(account.email(), PASSWORD).statusCode(401);
        assertThat(TestDatabase.count(dataSource, "users where id = '" + account.id() + "'")).isZero();
        assertThat(TestDatabase.count(dataSource, "sessions where user_id = '" + account.id() + "'")).isZero();
        assertThat(TestDatabase.count(dataSource, "one_time_tokens where user_id = '" + account.id() + "'")).isZero();
        // The address is free again, for a new account.
        register(account.email(), "Someone New", PASSWORD).statusCode(201);
    }

    @Test
    void aWrongOrMissingPasswordErasesNothing() {
        Account account = registered();
        delete(account, Map.of("password", "not the password")).statusCode(403).body("error", equalTo("forbidden"));
        delete(account, Map.of()).statusCode(422).body("details.password", equalTo("Password is required"));
        me(account.accessToken()).statusCode(200);
    }
}
