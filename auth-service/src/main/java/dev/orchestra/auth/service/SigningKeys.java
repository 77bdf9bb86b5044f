package dev.orchestra.auth.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys of access tokens (docs/architecture.md section 3): the current signing key (an RSA private key in
 * PEM, from config), and the public keys published beside it — the next key, published before it
 * signs anything, and the previous key, kept until its last token has expired. See the README's
 * rotation procedure.
 */
@ApplicationScoped
public class SigningKeys {

    /** A public key as the JWKS publishes it. */
    public record PublishedKey(String kid, RSAPublicKey key) {
        public Map<String, String> toJwk() {
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", kid);
            jwk.put("n", base64Url(key.getModulus()));
            jwk.put("e", base64Url(key.getPublicExponent()));
            return jwk;
        }
    }

    private final String currentKid;
    private final PrivateKey signingKey;
    private final List<PublishedKey> published = new ArrayList<>();

    public SigningKeys(@ConfigProperty(name = "orchestra.auth.signing-key.location") String signingKeyLocation,
                       @ConfigProperty(name = "orchestra.auth.signing-key.id") String signingKeyId,
                       @ConfigProperty(name = "orchestra.auth.next-public-key.location") Optional<String> nextLocation,
                       @ConfigProperty(name = "orchestra.auth.next-public-key.id") Optional<String> nextId,
                       @ConfigProperty(name = "orchestra.auth.previous-public-key.location") Optional<String> previousLocation,
                       @ConfigProperty(name = "orchestra.auth.previous-public-key.id") Optional<String> previousId) {
        this.currentKid = signingKeyId;
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) privateKey(read(signingKeyLocation));
        this.signingKey = privateKey;
        published.add(new PublishedKey(signingKeyId, publicKeyOf(privateKey)));
        nextLocation.ifPresent(location -> published.add(new PublishedKey(
                nextId.orElseThrow(() -> new IllegalStateException("orchestra.auth.next-public-key.id is required")),
                publicKey(read(location)))));
        previousLocation.ifPresent(location -> published.add(new PublishedKey(
                previousId.orElseThrow(() -> new IllegalStateException("orchestra.auth.previous-public-key.id is required")),
                publicKey(read(location)))));
    }

    public String currentKid() {
        return currentKid;
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    /** Every key a verifier may meet: current, next, previous. */
    public List<PublishedKey> published() {
        return List.copyOf(published);
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("the signing key must be an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static RSAPublicKey publicKey(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("a published key must be an RSA public key in PEM", e);
        }
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** A file path, or a class-path resource (the test profile's committed test key). */
    private static String read(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    throw new IllegalStateException("no key at " + location);
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the key at " + location, e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        // BigInteger adds a sign byte; JWK wants the unsigned big-endian bytes.
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
