package dev.orchestra.auth.rest;

import dev.orchestra.auth.service.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The public keys that verify access tokens, for every other service (and anyone). */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        List<Map<String, String>> jwks = keys.published().stream().map(SigningKeys.PublishedKey::toJwk).toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(Map.of("keys", jwks)).cacheControl(cache).build();
    }
}
