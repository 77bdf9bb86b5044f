package dev.orchestra.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The envelope for what never reaches a JAX-RS mapper: failed authentication in the HTTP layer,
 * the body limit, routes no resource matches, and any other failure of the Vert.x router.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    private final ObjectMapper json;

    public HttpErrorRoutes(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        // After every other route: nothing matched this path (JAX-RS passes unmatched paths on).
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, ErrorCode.NOT_FOUND, "Not found"));
        // Before Quarkus's own error page.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        ApiException refusal = apiException(failure);
        if (refusal != null) {
            if (refusal.retryAfter() != null) {
                ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, refusal.retryAfter().toSeconds())));
            }
            write(ctx, refusal.code(), refusal.getMessage());
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            write(ctx, ErrorCode.UNAUTHORIZED, "Missing, invalid or expired token");
        } else if (failure instanceof ForbiddenException) {
            write(ctx, ErrorCode.FORBIDDEN, "Not allowed");
        } else if (failure instanceof io.vertx.ext.web.handler.HttpException http && http.getStatusCode() < 500) {
            write(ctx, ErrorResponses.codeFor(http.getStatusCode()), "The request cannot be served");
        } else if (failure == null && ctx.statusCode() > 0) {
            ErrorCode code = ErrorResponses.codeFor(ctx.statusCode());
            write(ctx, code, switch (code) {
                case PAYLOAD_TOO_LARGE -> "The request body is larger than this route accepts";
                case UNAUTHORIZED -> "Missing, invalid or expired token";
                case NOT_FOUND -> "Not found";
                case INTERNAL_ERROR -> "Unexpected error";
                default -> code.code().replace('_', ' ');
            });
        } else {
            LOG.error("Unexpected failure handling " + ctx.request().method() + " " + ctx.request().path(), failure);
            write(ctx, ErrorCode.INTERNAL_ERROR, "Unexpected error");
        }
    }

    private static ApiException apiException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    /** A refusal decided outside JAX-RS (a route filter), with its details, in the envelope. */
    public void write(RoutingContext ctx, ApiException refusal) {
        try {
            ctx.response()
                    .setStatusCode(refusal.code().status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.writeValueAsString(refusal.toError()));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    public void write(RoutingContext ctx, ErrorCode code, String message) {
        try {
            ctx.response()
                    .setStatusCode(code.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.writeValueAsString(ApiError.of(code, message, Map.of())));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
