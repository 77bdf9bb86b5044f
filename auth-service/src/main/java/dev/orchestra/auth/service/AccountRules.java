package dev.orchestra.auth.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import dev.orchestra.platform.text.EmailAddresses;

/**
 * The field rules of accounts (issue: registration and profile), each adding a message per failed
 * field to {@code errors}, so one answer lists every problem.
 */
final class AccountRules {

    static final int MAX_EMAIL = 254;
    static final int MAX_NAME = 255;
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;
    static final int MAX_AVATAR_URL = 2048;
    static final int MAX_SETTINGS_BYTES = 64 * 1024;

    private AccountRules() {
    }

    static void email(String email, Map<String, String> errors) {
        if (email == null || email.isBlank()) {
            errors.put("email", "E-mail is required");
        } else if (email.trim().length() > MAX_EMAIL) {
            errors.put("email", "E-mail must be at most " + MAX_EMAIL + " characters");
        } else if (!EmailAddresses.isCompatibilityNormal(email.trim())) {
            errors.put("email", EmailAddresses.LOOK_ALIKE);
        } else if (!EmailAddresses.isValid(email.trim())) {
            errors.put("email", "E-mail is not a valid address");
        }
    }

    static void name(String name, Map<String, String> errors) {
        String tidy = name == null ? "" : tidy(name);
        if (tidy.isEmpty()) {
            errors.put("name", "Name is required");
        } else if (tidy.codePointCount(0, tidy.length()) > MAX_NAME) {
            errors.put("name", "Name must be at most " + MAX_NAME + " characters");
        } else if (tidy.codePoints().anyMatch(Character::isISOControl)) {
            errors.put("name", "Name must not contain control characters");
        }
    }

    /** A name without surrounding white space of any kind (no-break spaces included). */
    static String tidy(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && isSpace(name.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static void password(String password, Map<String, String> errors) {
        if (password == null || password.isEmpty()) {
            errors.put("password", "Password is required");
            return;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            errors.put("password", "Password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }

    static void avatarUrl(String url, Map<String, String> errors) {
        if (url.length() > MAX_AVATAR_URL) {
            errors.put("avatar_url", "Must be at most " + MAX_AVATAR_URL + " characters");
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
                errors.put("avatar_url", "Must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            errors.put("avatar_url", "Must be an http or https URL");
        }
    }

    static void settings(String settingsJson, Map<String, String> errors) {
        if (settingsJson.getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
            errors.put("settings", "Must be at most 64 KiB of JSON");
        }
    }
}
