package dev.orchestra.auth.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JwksResourceTest {

    @Test
    void publishesTheSigningKeysPublicPartWithItsKidAndNothingPrivate() {
        List<Map<String, String>> keys = given().get("/.well-known/jwks.json").then()
                .statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age=300"))
                .extract().jsonPath().getList("keys");
        assertThat(keys).hasSize(1);
        Map<String, String> key = keys.get(0);
        assertThat(key).containsEntry("kty", "RSA").containsEntry("alg", "RS256").containsEntry("use", "sig")
                .containsEntry("kid", "orchestra-test-key")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        RSAPublicKey expected = (RSAPublicKey) Tokens.testPublicKey();
        assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n")))).isEqualTo(expected.getModulus());
        assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e")))).isEqualTo(expected.getPublicExponent());
    }
}
