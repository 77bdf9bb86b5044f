package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.newEmail;
import static dev.orchestra.auth.support.AuthApi.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.orchestra.auth.support.Jwt;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationTest {

    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void authBodiesOver16KibibytesAndProfilesOver512AreRefusedBeforeTheyAreRead() {
        String email = newEmail();
        register(email, "x".repeat(17 * 1024), PASSWORD).statusCode(413).body("error", equalTo("payload_too_large"));
        // Nothing was made: the address is still free.
        register(email, "Ada", PASSWORD).statusCode(201);
        String token = io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD)).post("/auth/login").then().statusCode(200)
                .extract().path("data.access_token");
        io.restassured.RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"" + "y".repeat(600 * 1024) + "\"}").put("/api/v1/users/me").then().statusCode(413)
                .body("error", equalTo("payload_too_large"));
    }

    @Test
    void registeringAnswers201WithTheUserAndTheTokensOfItsFirstSession() {
        String email = newEmail();
        var response = register("  " + email + " ", "  Ada Lovelace ", PASSWORD).statusCode(201)
                .body("data.user.email", equalTo(email))
                .body("data.user.name", equalTo("Ada Lovelace"))
                .body("data.user.plan", equalTo("free"))
                .body("data.user.settings", equalTo(Map.of()))
                .body("data.user.email_verified", equalTo(false))
                .body("data.user.avatar_url", equalTo(null))
                .body("data.user", hasKey("avatar_url"))
                .body("data.user", not(hasKey("password_hash")))
                .body("data.user.created_at", matchesPattern(TIMESTAMP))
                .body("data.user.updated_at", matchesPattern(TIMESTAMP))
                .body("data.token_type", equalTo("Bearer"))
                .body("data.expires_in", equalTo(900))
                .body("data.refresh_token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract();
        String body = response.asString();
        assertThat(body).doesNotContain("argon2").doesNotContain(PASSWORD);
        var claims = Jwt.claims(response.path("data.access_token"));
        assertThat(claims.get("sub").asText()).isEqualTo(response.path("data.user.id"));
        assertThat(claims.get("email").asText()).isEqualTo(email);
        assertThat(claims.get("plan").asText()).isEqualTo("free");
        assertThat(claims.get("sid").asText()).isNotBlank();
    }

    @Test
    void aCompatibilityLookAlikeCannotSquatAnAddress() {
        String local = "kim" + UUID.randomUUID().toString().substring(0, 8);
        // KELVIN SIGN (U+212A) lower-cases to k: it would take the plain address's place.
        register("\u212A" + local.substring(1) + "@example.com", "Squatter", PASSWORD).statusCode(422)
                .body("error", equalTo("validation_error"))
                .body("details.email", equalTo(dev.orchestra.platform.text.EmailAddresses.LOOK_ALIKE));
        register("\uFF4B" + local.substring(1) + "@example.com", "Full width", PASSWORD).statusCode(422);
        register(local + "@example.com", "Kim", PASSWORD).statusCode(201);
    }

    @Test
    void anEmailIsTakenWhateverItsCase() {
        String email = newEmail();
        register(email, "First", PASSWORD).statusCode(201);
        register(email.toUpperCase(), "Second", PASSWORD).statusCode(409)
                .body("error", equalTo("conflict"))
                .body("details.email", equalTo("Already registered"));
    }

    @Test
    void twoRegistrationsOfOneAddressAtOnceMakeOneAccount() throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = newEmail();
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> register(email, "A", PASSWORD).extract().statusCode());
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> register(email.toUpperCase(), "B", PASSWORD).extract().statusCode());
            assertThat(java.util.List.of(first.get(), second.get())).containsExactlyInAnyOrder(201, 409);
        }
    }

    @Test
    void tokensAreStoredOnlyAsTheirHash() throws Exception {
        var account = dev.orchestra.auth.support.AuthApi.registered();
        String refresh = account.refreshToken();
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getUrlDecoder().decode(refresh)));
        assertThat(dev.orchestra.platform.testing.TestDatabase.count(dataSource, "refresh_tokens where token_hash = '" + hash + "'")).isEqualTo(1);
        // The token's text is in no column of any table of this service.
        for (String table : new String[] {"refresh_tokens", "sessions", "one_time_tokens", "users", "outbox"}) {
            assertThat(dev.orchestra.platform.testing.TestDatabase.count(dataSource,
                    table + " t where position('" + refresh + "' in t::text) > 0")).as(table).isZero();
        }
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void everyInvalidFieldIsNamedInTheDetails() {
        register("not-an-email", " ", "short").statusCode(422)
                .body("error", equalTo("validation_error"))
                .body("details.email", equalTo("E-mail is not a valid address"))
                .body("details.name", equalTo("Name is required"))
                .body("details.password", equalTo("Password must be 10 to 128 characters"));
        String longLocal = "a".repeat(64);
        String tooLong = longLocal + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";
        assertThat(tooLong.length()).isGreaterThan(254);
        register(tooLong, "n".repeat(256), "p".repeat(129)).statusCode(422)
                .body("details.email", equalTo("E-mail must be at most 254 characters"))
                .body("details.name", equalTo("Name must be at most 255 characters"))
                .body("details.password", equalTo("Password must be 10 to 128 characters"));
        for (String bad : new String[] {"a@b", "a b@example.com", "@example.com", "a@example.", "a@@example.com", "a@.com",
                "a,b@example.com", "<a>@example.com", "ad\u202Ema@example.com"}) {
            register(bad, "Name", PASSWORD).statusCode(422).body("details", hasKey("email"));
        }
        // The limits themselves pass; characters, not bytes or UTF-16 units, are counted.
        register(newEmail(), "é".repeat(255), "😀".repeat(10)).statusCode(201);
        register(newEmail(), "n", "p".repeat(128)).statusCode(201);
        // No-break spaces are white space too; control characters have no place in a name.
        register(newEmail(), "\u00A0\u2007 ", PASSWORD).statusCode(422).body("details.name", equalTo("Name is required"));
        register(newEmail(), "Ada\nBcc: x", PASSWORD).statusCode(422).body("details", hasKey("name"));
    }

    @Test
    void missingFieldsAndWrongTypesAre422NeverA500() {
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{}").post("/auth/register").then().statusCode(422)
                .body("details.email", equalTo("E-mail is required"))
                .body("details.name", equalTo("Name is required"))
                .body("details.password", equalTo("Password is required"));
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{\"email\": 5, \"name\": \"x\", \"password\": \"y\"}")
                .post("/auth/register").then().statusCode(422).body("details", hasKey("email"));
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{\"name\": \"a\\u0000b\"}")
                .post("/auth/register").then().statusCode(422).body("details", hasKey("name"));
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("[1]").post("/auth/register").then().statusCode(422);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("").post("/auth/register").then().statusCode(422);
        io.restassured.RestAssured.given().contentType(ContentType.TEXT).body("x").post("/auth/register").then().statusCode(415);
    }

    @Test
    void registrationPublishesUserRegisteredAndTheWelcomeVerificationToken() {
        try (var users = TopicRecorder.of("test.auth.users.v1"); var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            String email = newEmail();
            String id = register(email, "Grace", PASSWORD).statusCode(201).extract().path("data.user.id");
            var registered = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(id) && e.envelope().hasUserRegistered());
            assertThat(registered.key()).isEqualTo(id);
            assertThat(registered.ceType()).isEqualTo("dev.orchestra.auth.user_registered.v1");
            assertThat(registered.headers()).containsEntry("ce_source", "auth-service").containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_id", registered.envelope().getEventId());
            var user = registered.envelope().getUserRegistered().getUser();
            assertThat(user.getEmail()).isEqualTo(email);
            assertThat(user.getName()).isEqualTo("Grace");
            assertThat(user.getPlan()).isEqualTo("free");
            assertThat(user.getSettingsJson()).isEqualTo("{}");
            assertThat(user.getVersion()).isEqualTo(1);
            assertThat(user.hasAvatarUrl()).isFalse();

            var verification = tokens.awaitEvent(TokenEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(id) && e.envelope().hasEmailVerificationRequested());
            assertThat(verification.key()).isEqualTo(id);
            assertThat(verification.ceType()).isEqualTo("dev.orchestra.auth.email_verification_requested.v1");
            var requested = verification.envelope().getEmailVerificationRequested();
            assertThat(requested.getReason()).isEqualTo(EmailVerificationRequested.Reason.REASON_REGISTRATION);
            assertThat(requested.getEmail()).isEqualTo(email);
            assertThat(requested.getName()).isEqualTo("Grace");
            assertThat(requested.getToken()).matches("[A-Za-z0-9_-]{43}");
            long hours = java.time.Duration.between(java.time.Instant.now(),
                    dev.orchestra.platform.messaging.EventCodec.instant(requested.getExpiresAt())).toMinutes();
            assertThat(hours).isBetween(23 * 60L, 24 * 60L);
        }
    }
}
