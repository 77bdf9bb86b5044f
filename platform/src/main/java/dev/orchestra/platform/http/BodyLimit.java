package dev.orchestra.platform.http;

import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.error.HttpErrorRoutes;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A declared body over {@code quarkus.http.limits.max-body-size}, or over its route's smaller limit
 * ({@link BodyLimits}), is refused before it is read, in the envelope (Quarkus's own check answers an
 * empty 413). Bodies without a length that grow past the overall limit fail in Quarkus's body handler
 * and reach {@link HttpErrorRoutes}; the gateway holds chunked bodies to the route's limit too.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBodyBytes;
    private final Map<String, Long> routeLimits = new TreeMap<>();
    private final HttpErrorRoutes errors;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
                     BodyLimits limits, HttpErrorRoutes errors) {
        this.maxBodyBytes = max.asLongValue();
        limits.bodyLimits().forEach((path, size) -> routeLimits.put(path, size.asLongValue()));
        this.errors = errors;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limitOf(ctx.normalizedPath()))) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                errors.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this route accepts");
                return;
            }
            ctx.next();
        });
    }

    /** The smallest limit that applies to the path: its own, a prefix's, or the overall one. */
    long limitOf(String path) {
        long limit = maxBodyBytes;
        for (Map.Entry<String, Long> route : routeLimits.entrySet()) {
            String key = route.getKey();
            boolean applies = key.endsWith("/") ? path.startsWith(key) : path.equals(key);
            if (applies) {
                limit = Math.min(limit, route.getValue());
            }
        }
        return limit;
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
