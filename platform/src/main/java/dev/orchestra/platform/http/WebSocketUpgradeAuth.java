package dev.orchestra.platform.http;

import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.error.HttpErrorRoutes;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A WebSocket upgrade without credentials gets 401 in the envelope. Quarkus refuses such an
 * upgrade itself, but with an empty body; a forged or expired token already fails in the HTTP
 * layer ({@link HttpErrorRoutes}). The paths are a service's own: {@code orchestra.websocket.paths=/ws}.
 * Credentials come in the {@code Authorization} header or, from browsers, in Quarkus's
 * {@code quarkus-http-upgrade#Authorization#...} subprotocol carrier.
 */
@ApplicationScoped
public class WebSocketUpgradeAuth {

    private static final String CARRIER = "quarkus-http-upgrade#Authorization#";

    private final List<String> paths;
    private final HttpErrorRoutes errors;

    public WebSocketUpgradeAuth(@ConfigProperty(name = "orchestra.websocket.paths") Optional<List<String>> paths,
                                HttpErrorRoutes errors) {
        this.paths = paths.orElse(List.of());
        this.errors = errors;
    }

    void install(@Observes Router router) {
        for (String path : paths) {
            router.route(path).order(Integer.MIN_VALUE + 2).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE));
        if (upgrade && !hasCredentials(ctx)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            errors.write(ctx, ErrorCode.UNAUTHORIZED, "Missing, invalid or expired token");
            return;
        }
        ctx.next();
    }

    private static boolean hasCredentials(RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return true;
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7) {
            return true;
        }
        String protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
        return protocols != null && protocols.contains(CARRIER.replace("#", "%23")) || protocols != null && protocols.contains(CARRIER);
    }
}
