package dev.orchestra.platform.security;

import dev.orchestra.platform.error.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, from its verified access token. Resources read it and pass
 * the ids on explicitly ({@code service.list(currentUser.id(), ...)}); nothing below the resource
 * looks it up.
 */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken token;

    public CurrentUser(JsonWebToken token) {
        this.token = token;
    }

    /** The user id ({@code sub}). */
    public UUID id() {
        UUID id = uuid(token.getSubject());
        if (id == null) {
            throw ApiException.unauthorized("Missing or invalid token");
        }
        return id;
    }

    /** The session, i.e. this device's login ({@code sid}). */
    public UUID sessionId() {
        UUID id = uuid(token.getClaim("sid"));
        if (id == null) {
            throw ApiException.unauthorized("Missing or invalid token");
        }
        return id;
    }

    public String email() {
        return token.getClaim("email");
    }

    public String plan() {
        return token.getClaim("plan");
    }

    public Set<String> groups() {
        return token.getGroups();
    }

    public boolean isAdmin() {
        return groups() != null && groups().contains("admin");
    }

    /** When the token expires (seconds since the epoch, as JWT says). */
    public long expiresAt() {
        return token.getExpirationTime();
    }

    static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
