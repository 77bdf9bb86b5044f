package dev.orchestra.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The links mails carry, always from the configured public base URL
 * ({@code orchestra.notification.public-base-url}), never from request or event data; the token is
 * URL-encoded: {@code https://app.orchestra.dev/verify-email?token=…}.
 */
@ApplicationScoped
public class Links {

    private final String base;

    public Links(@ConfigProperty(name = "orchestra.notification.public-base-url") String publicBaseUrl) {
        URI uri = URI.create(publicBaseUrl);
        if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("orchestra.notification.public-base-url must be an http(s) URL without query: "
                    + publicBaseUrl);
        }
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    public String verifyEmail(String token) {
        return base + "/verify-email?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    public String resetPassword(String token) {
        return base + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
