package dev.orchestra.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;

/**
 * Access tokens for tests, signed with the committed TEST key (testing/keys, never used outside
 * tests) that the test profile trusts: any user, session, groups, plan and expiry.
 * {@code Tokens.forUser(id).session(sid).groups("user", "admin").expiresIn(Duration.ofMinutes(1)).sign()}.
 */
public final class Tokens {

    public static final String ISSUER = "https://auth.orchestra.dev";
    public static final String TEST_KEY_ID = "orchestra-test-key";

    private UUID user;
    private UUID session = UUID.randomUUID();
    private String email;
    private List<String> groups = List.of("user");
    private String plan = "free";
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofMinutes(15);
    private String issuer = ISSUER;

    private Tokens(UUID user) {
        this.user = user;
        this.email = "user-" + user + "@example.com";
    }

    public static Tokens forUser(UUID user) {
        return new Tokens(user);
    }

    /** A token for a new random user with a new session. */
    public static String anyUser() {
        return forUser(UUID.randomUUID()).sign();
    }

    public Tokens session(UUID session) {
        this.session = session;
        return this;
    }

    public Tokens email(String email) {
        this.email = email;
        return this;
    }

    public Tokens groups(String... groups) {
        this.groups = List.of(groups);
        return this;
    }

    public Tokens plan(String plan) {
        this.plan = plan;
        return this;
    }

    public Tokens issuedAt(Instant issuedAt) {
        this.issuedAt = issuedAt;
        return this;
    }

    public Tokens expiresIn(Duration lifetime) {
        this.lifetime = lifetime;
        return this;
    }

    public Tokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(user.toString());
        claims.setClaim("sid", session.toString());
        claims.setClaim("email", email);
        claims.setStringListClaim("groups", groups);
        claims.setClaim("plan", plan);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signed with the trusted test key (RS256, kid {@value #TEST_KEY_ID}). */
    public String sign() {
        return sign(claims(), AlgorithmIdentifiers.RSA_USING_SHA256, testPrivateKey(), TEST_KEY_ID);
    }

    public static String sign(JwtClaims claims, String algorithm, Key key, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        if (key == null) {
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        } else {
            jws.setKey(key);
            if (key instanceof HmacKey) {
                jws.setDoKeyValidation(false);
            }
        }
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey testPrivateKey() {
        return privateKey("keys/test-private.pem");
    }

    public static PrivateKey otherPrivateKey() {
        return privateKey("keys/other-private.pem");
    }

    public static PublicKey testPublicKey() {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem("keys/test-public.pem")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test public key's PEM text, as a server would publish it. */
    public static byte[] testPublicKeyPem() {
        return read("keys/test-public.pem");
    }

    private static PrivateKey privateKey(String resource) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(resource)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String resource) {
        String text = new String(read(resource), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Tokens.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
