package dev.orchestra.auth.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** During a rotation the JWKS carries the next key (before it signs) and the previous one (until its tokens expire). */
@QuarkusTest
@TestProfile(JwksRotationTest.Rotating.class)
class JwksRotationTest {

    public static class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "orchestra.auth.next-public-key.location", "dev/orchestra/platform/testing/keys/other-public.pem",
                    "orchestra.auth.next-public-key.id", "next-key",
                    "orchestra.auth.previous-public-key.location", "dev/orchestra/platform/testing/keys/test-public.pem",
                    "orchestra.auth.previous-public-key.id", "previous-key");
        }
    }

    @Test
    void publishesCurrentNextAndPreviousKeys() {
        List<Map<String, String>> keys = given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys");
        assertThat(keys).extracting(k -> k.get("kid")).containsExactly("orchestra-test-key", "next-key", "previous-key");
        assertThat(keys.get(1).get("n")).isNotEqualTo(keys.get(0).get("n"));
        assertThat(keys).allSatisfy(k -> assertThat(k).doesNotContainKey("d"));
    }

    @Test
    void whileTheNextKeyIsPublishedTokensAreStillSignedWithTheCurrentOne() {
        String token = given().contentType("application/json")
                .body(Map.of("email", "rotation-" + java.util.UUID.randomUUID() + "@example.com", "name", "R", "password", "a password of ten"))
                .post("/auth/register").then().statusCode(201).extract().path("data.access_token");
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(header).contains("\"kid\":\"orchestra-test-key\"").doesNotContain("next-key");
    }
}
