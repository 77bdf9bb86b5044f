package dev.orchestra.platform.rest;

import dev.orchestra.platform.error.ApiException;

/**
 * The expected version of a conditional write (docs/architecture.md section 2): {@code "version"} in the body
 * or {@code If-Match: "<version>"}; an ETag is {@code "<version>"}.
 */
public final class Versions {

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version the client expects, or null when it sent none. Both given and different → 422;
     * a malformed {@code If-Match} → 422 with {@code details.if_match}.
     */
    public static Long expected(String ifMatch, Long bodyVersion) {
        Long header = null;
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
            String value = ifMatch.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            try {
                header = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("if_match", "Must be an ETag such as \"3\"");
            }
        }
        if (bodyVersion != null && bodyVersion < 1) {
            throw ApiException.invalid("version", "Must be a positive whole number");
        }
        if (header != null && bodyVersion != null && !header.equals(bodyVersion)) {
            throw ApiException.invalid("version", "Differs from the If-Match header");
        }
        return header != null ? header : bodyVersion;
    }
}
