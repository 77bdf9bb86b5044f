package dev.orchestra.project.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file's text with what the server derives from it: size (bytes of its UTF-8) and SHA-256 (hex). */
public record FileContent(String text, long size, String hash) {

    public static FileContent of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new FileContent(text, bytes.length, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
