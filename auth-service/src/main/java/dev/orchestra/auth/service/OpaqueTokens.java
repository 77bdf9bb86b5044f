package dev.orchestra.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque tokens (refresh tokens, e-mail verification and password reset tokens): 256 random bits,
 * base64url on the wire, stored only as their SHA-256 (a fast hash is enough for 256 random bits:
 * nothing to guess). A rotated refresh token is derived from the presented one with HMAC-SHA256
 * under a server key, so the same presented token always yields the same successor.
 */
public final class OpaqueTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private OpaqueTokens() {
    }

    public static byte[] random() {
        byte[] token = new byte[BYTES];
        RANDOM.nextBytes(token);
        return token;
    }

    public static String encode(byte[] token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The token's bytes, or null when the text is not a token of ours. */
    public static byte[] decode(String text) {
        if (text == null || text.length() != 43) {
            return null;
        }
        try {
            byte[] token = Base64.getUrlDecoder().decode(text);
            return token.length == BYTES ? token : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What is stored: the hex SHA-256 of the token's bytes. */
    public static String hash(byte[] token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The successor of a refresh token: HMAC-SHA256(key, token). */
    public static byte[] derive(String key, byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
