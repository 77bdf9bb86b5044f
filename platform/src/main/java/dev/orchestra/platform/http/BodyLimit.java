package dev.orchestra.platform.http;

import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.error.HttpErrorRoutes;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A declared body over {@code quarkus.http.limits.max-body-size} is refused before it is read, in
 * the envelope (Quarkus's own check answers an empty 413). Bodies without a length that grow past
 * the limit fail in Quarkus's body handler and reach {@link HttpErrorRoutes}.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBodyBytes;
    private final HttpErrorRoutes errors;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
                     HttpErrorRoutes errors) {
        this.maxBodyBytes = max.asLongValue();
        this.errors = errors;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                errors.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this route accepts");
                return;
            }
            ctx.next();
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
