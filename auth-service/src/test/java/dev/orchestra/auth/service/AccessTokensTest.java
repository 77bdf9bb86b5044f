package dev.orchestra.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessTokensTest {

    @Inject
    AccessTokens tokens;

    @Test
    void signsTheClaimsOfTheDesignWithTheCurrentKey() throws Exception {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        AccessTokens.Issued issued = tokens.issue(user, session, "ada@example.com", "pro", false);
        assertThat(issued.expiresIn()).isEqualTo(900);

        var verified = new JwtConsumerBuilder()
                .setVerificationKey(Tokens.testPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("https://auth.orchestra.dev")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build()
                .process(issued.token());
        assertThat(verified.getJoseObjects().get(0).getKeyIdHeaderValue()).isEqualTo("orchestra-test-key");
        JwtClaims claims = verified.getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaimValue("sid")).isEqualTo(session.toString());
        assertThat(claims.getStringClaimValue("email")).isEqualTo("ada@example.com");
        assertThat(claims.getStringClaimValue("plan")).isEqualTo("pro");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("user");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
    }

    @Test
    void adminIsAddedOnlyWhenDecided() throws Exception {
        String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), "root@example.com", "free", true).token();
        var claims = new JwtConsumerBuilder().setVerificationKey(Tokens.testPublicKey()).setExpectedIssuer("https://auth.orchestra.dev")
                .build().processToClaims(token);
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("user", "admin");
    }
}
