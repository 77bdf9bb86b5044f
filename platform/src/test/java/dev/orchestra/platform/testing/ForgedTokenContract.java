package dev.orchestra.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.orchestra.platform.security.Revocations;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/**
 * Tokens that must not get in, for every service: extend it in a {@code @QuarkusTest} and name a
 * route that needs a user ({@link #protectedRequest}). Each forgery gets 401 in the envelope; the
 * genuine token gets past authentication.
 */
public abstract class ForgedTokenContract {

    @Inject
    protected Revocations revocations;

    /** Sends a request to a route that needs an authenticated user, with the given spec. */
    protected abstract ValidatableResponse protectedRequest(RequestSpecification request);

    protected ValidatableResponse call(String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return protectedRequest(request);
    }

    protected static void refused(ValidatableResponse response) {
        response.statusCode(401).body("error", equalTo("unauthorized"));
    }

    /** Past authentication: neither refused (401, 403) nor broken (5xx). */
    protected static void admitted(ValidatableResponse response) {
        response.statusCode(org.hamcrest.Matchers.allOf(not(401), not(403), org.hamcrest.Matchers.lessThan(500)));
    }

    @Test
    void aGenuineTokenGetsIn() {
        admitted(call(Tokens.anyUser()));
    }

    @Test
    void noTokenIsRefused() {
        refused(call(null));
        refused(protectedRequest(given().header("Authorization", "Bearer")));
        refused(protectedRequest(given().header("Authorization", "Basic dXNlcjpwYXNz")));
        refused(call("not.a.jwt"));
    }

    @Test
    void algNoneIsRefused() {
        refused(call(Tokens.sign(Tokens.forUser(UUID.randomUUID()).claims(), AlgorithmIdentifiers.NONE, null, Tokens.TEST_KEY_ID)));
    }

    @Test
    void aChangedPayloadIsRefused() {
        String[] parts = Tokens.anyUser().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = payload.replace("\"user\"", "\"admin\"").replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"" + UUID.randomUUID() + "\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        refused(call(forged));
    }

    @Test
    void anotherKeyIsRefused() {
        UUID user = UUID.randomUUID();
        refused(call(Tokens.sign(Tokens.forUser(user).claims(), AlgorithmIdentifiers.RSA_USING_SHA256, Tokens.otherPrivateKey(),
                Tokens.TEST_KEY_ID)));
        refused(call(Tokens.sign(Tokens.forUser(user).claims(), AlgorithmIdentifiers.RSA_USING_SHA256, Tokens.otherPrivateKey(),
                "some-other-kid")));
    }

    @Test
    void hs256KeyedWithThePublicKeyIsRefused() {
        for (byte[] secret : List.of(Tokens.testPublicKey().getEncoded(), Tokens.testPublicKeyPem())) {
            refused(call(Tokens.sign(Tokens.forUser(UUID.randomUUID()).claims(), AlgorithmIdentifiers.HMAC_SHA256,
                    new HmacKey(secret), Tokens.TEST_KEY_ID)));
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        refused(call(Tokens.forUser(UUID.randomUUID()).issuedAt(Instant.now().minus(Duration.ofMinutes(20)))
                .expiresIn(Duration.ofMinutes(15)).sign()));
    }

    @Test
    void anotherIssuerIsRefused() {
        refused(call(Tokens.forUser(UUID.randomUUID()).issuer("https://evil.example").sign()));
    }

    @Test
    void aRevokedSessionIsRefusedAndTheUsersOtherSessionsAreNot() {
        UUID user = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        revocations.revokeSessions(user, List.of(revoked), Instant.now());
        refused(call(Tokens.forUser(user).session(revoked).sign()));
        admitted(call(Tokens.forUser(user).session(kept).sign()));
    }

    @Test
    void aDeletedUsersTokenIsRefused() {
        UUID user = UUID.randomUUID();
        revocations.markDeleted(user, Instant.now());
        refused(call(Tokens.forUser(user).sign()));
    }
}
