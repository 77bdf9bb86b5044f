package dev.orchestra.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.platform.testing.ForgedTokenContract;
import dev.orchestra.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.SessionsRevoked;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import java.time.Duration;
import java.time.Instant;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ForgedTokenTest extends ForgedTokenContract {

    @Override
    protected ValidatableResponse protectedRequest(RequestSpecification request) {
        return request.get("/probe/secure").then();
    }

    @Test
    void theCallerComesFromTheToken() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        given().header("Authorization", "Bearer " + Tokens.forUser(user).session(session).sign())
                .get("/probe/secure").then().statusCode(200)
                .body("data.user_id", equalTo(user.toString()))
                .body("data.session_id", equalTo(session.toString()))
                .body("data.admin", equalTo(false));
    }

    @Test
    void adminRoutesNeedTheAdminGroup() {
        given().header("Authorization", "Bearer " + Tokens.anyUser()).get("/probe/secure/admin").then()
                .statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", "Bearer " + Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign())
                .get("/probe/secure/admin").then().statusCode(200);
    }

    /** SessionsRevoked and UserDeleted on auth.users.v1 reach this service's refusals by themselves. */
    @Test
    void revocationEventsFromKafkaRefuseTokens() {
        UUID user = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        String revokedToken = Tokens.forUser(user).session(revoked).sign();
        String keptToken = Tokens.forUser(user).session(kept).sign();
        call(revokedToken).statusCode(200);
        publish(UserEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setUserId(user.toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setSessionsRevoked(SessionsRevoked.newBuilder().addSessionIds(revoked.toString())).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> refused(call(revokedToken)));
        call(keptToken).statusCode(200);

        publish(UserEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setUserId(user.toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserDeleted(UserDeleted.getDefaultInstance()).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> refused(call(keptToken)));
    }

    static void publish(UserEnvelope event) {
        KafkaTestSupport.send("test.auth.users.v1", event.getUserId(), event.toByteArray(), java.util.Map.of());
    }

    @Test
    void tokensWithoutUuidIdsAreRefused() {
        var claims = Tokens.forUser(UUID.randomUUID()).claims();
        claims.setClaim("sid", "not-a-uuid");
        refused(call(Tokens.sign(claims, org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256, Tokens.testPrivateKey(),
                Tokens.TEST_KEY_ID)));
    }
}
