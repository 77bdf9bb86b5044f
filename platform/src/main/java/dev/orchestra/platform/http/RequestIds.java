package dev.orchestra.platform.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Every request carries an id: the gateway's {@code X-Request-Id} when it is sane, a new one
 * otherwise. It is put in the logging MDC as {@code request_id} (so JSON logs carry it, and the
 * outbox stores it with each event) and echoed in the response.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String given = ctx.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            MDC.put(MDC_KEY, id);
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        });
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
