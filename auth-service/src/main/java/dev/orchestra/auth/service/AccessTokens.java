package dev.orchestra.auth.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues access tokens (docs/architecture.md section 3): RS256 with the current key's {@code kid}, 15 minutes,
 * claims {@code iss}, {@code sub} (user id), {@code sid} (session), {@code email}, {@code groups}
 * ({@code user}, plus {@code admin} when the caller decided so), {@code plan}, {@code iat},
 * {@code exp}, {@code jti}.
 */
@ApplicationScoped
public class AccessTokens {

    /** A signed token and its lifetime in seconds (the {@code expires_in} of the token body). */
    public record Issued(String token, long expiresIn) {
    }

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final Duration lifetime;

    public AccessTokens(SigningKeys keys, Clock clock, @ConfigProperty(name = "orchestra.jwt.issuer") String issuer,
                        @ConfigProperty(name = "orchestra.jwt.access-token-lifetime", defaultValue = "PT15M") Duration lifetime) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    public Issued issue(UUID userId, UUID sessionId, String email, String plan, boolean admin) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(userId.toString());
        claims.setClaim("sid", sessionId.toString());
        claims.setClaim("email", email);
        List<String> groups = new ArrayList<>(List.of("user"));
        if (admin) {
            groups.add("admin");
        }
        claims.setStringListClaim("groups", groups);
        claims.setClaim("plan", plan);
        // JWT times are whole seconds.
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keys.currentKid());
        jws.setHeader("typ", "JWT");
        jws.setKey(keys.signingKey());
        try {
            return new Issued(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
    }
}
