package dev.orchestra.auth.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

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

    /** local@domain.tld: no spaces, no control characters, one @, a dot in the domain, no empty labels. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[^\\s@\\p{Cntrl}]{1,64}@(?=.{1,253}$)[^\\s@.\\p{Cntrl}]+(\\.[^\\s@.\\p{Cntrl}]+)+$");

    private AccountRules() {
    }

    static void email(String email, Map<String, String> errors) {
        if (email == null || email.isBlank()) {
            errors.put("email", "E-mail is required");
        } else if (email.trim().length() > MAX_EMAIL) {
            errors.put("email", "E-mail must be at most " + MAX_EMAIL + " characters");
        } else if (!EMAIL.matcher(email.trim()).matches()) {
            errors.put("email", "E-mail is not a valid address");
        }
    }

    static void name(String name, Map<String, String> errors) {
        if (name == null || name.isBlank()) {
            errors.put("name", "Name is required");
        } else if (name.trim().codePointCount(0, name.trim().length()) > MAX_NAME) {
            errors.put("name", "Name must be at most " + MAX_NAME + " characters");
        }
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
