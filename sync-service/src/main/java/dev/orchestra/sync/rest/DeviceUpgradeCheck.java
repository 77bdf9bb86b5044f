package dev.orchestra.sync.rest;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.HttpErrorRoutes;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.sync.service.DeviceService;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Before a socket opens, its device must be the caller's: a device of another user is a 404, a
 * missing or malformed {@code device_id} a 422, both in the envelope (a WebSocket upgrade check
 * could only answer an empty body). Runs after authentication, so the caller is known; an upgrade
 * without credentials was already refused with 401 by platform's filter.
 */
@ApplicationScoped
public class DeviceUpgradeCheck {

    /** After Quarkus' authentication (-200) and authorization (-100) filters, before any route. */
    private static final int ORDER = -50;

    private final DeviceService devices;
    private final HttpErrorRoutes errors;

    public DeviceUpgradeCheck(DeviceService devices, HttpErrorRoutes errors) {
        this.devices = devices;
        this.errors = errors;
    }

    void install(@Observes Router router) {
        router.route("/ws").order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE));
        if (!upgrade || !(ctx.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()
                || !(user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token)) {
            // Not an upgrade, or no caller: the endpoint's own rules answer (401 for no credentials).
            ctx.next();
            return;
        }
        UUID deviceId = deviceId(ctx.request().query());
        if (deviceId == null) {
            errors.write(ctx, ApiException.invalid("device_id", "Must be a UUID"));
            return;
        }
        UUID userId = Ids.parseOrNull(token.getSubject());
        ctx.vertx().executeBlocking(() -> {
            devices.connect(userId, deviceId);
            return null;
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.next();
            } else if (result.cause() instanceof ApiException refusal) {
                errors.write(ctx, refusal);
            } else {
                ctx.fail(result.cause());
            }
        });
    }

    /** The {@code device_id} of a query string, or null. */
    static UUID deviceId(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals("device_id")) {
                try {
                    return Ids.parseOrNull(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // A broken %-escape: not a device id.
                    return null;
                }
            }
        }
        return null;
    }
}
