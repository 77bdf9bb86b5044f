package dev.orchestra.auth.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Reads an access token's claims (tests only: no verification). */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String token) {
        try {
            return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static UUID sessionId(String token) {
        return UUID.fromString(claims(token).get("sid").asText());
    }
}
