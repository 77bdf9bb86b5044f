package dev.orchestra.stripelocal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * The scripted control surface under {@code /_local/} (no API key: the server listens on the loopback
 * interface). Parameters come as query or form fields; answers are JSON, errors in Stripe's envelope.
 * The jar's command line ({@link Main}) is a client of these.
 *
 * <pre>
 * GET    /_local/health                              {"status":"UP"}
 * GET    /_local/secret                              {"webhook_secret":"whsec_…"}
 * POST   /_local/pay           session=cs_…          the Pay button of the checkout page
 * POST   /_local/renew         email=…               the period ends: renewal, end, or successful retry
 * POST   /_local/fail-payment  email=… [final=true]  a payment fails
 * POST   /_local/cancel        email=… [at_period_end=true]
 * POST   /_local/void          invoice=in_…
 * POST   /_local/resend        event=evt_…           a duplicate delivery
 * GET    /_local/events                              {"data":[{"id","type","created","status","attempts",…}]}, oldest first
 * GET    /_local/requests                            the API requests received, oldest first
 * POST   /_local/faults        [status=500] [times=1] [method=POST] [path=/v1/…] [delay_ms=0]
 * DELETE /_local/faults
 * POST   /_local/reset                               forget everything but the prices
 * </pre>
 */
final class Control implements HttpHandler {

    private final LocalStripe stripe;

    Control(LocalStripe stripe) {
        this.stripe = stripe;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            Params p = Params.parse(Http.pairs(ex));
            String action = ex.getRequestMethod() + " " + ex.getRequestURI().getPath().substring("/_local/".length());
            Http.json(ex, 200, answer(action, p));
        } catch (ApiError e) {
            Http.json(ex, e.status, e.envelope());
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(Control.class.getName()).log(java.util.logging.Level.SEVERE, "unexpected failure of a control request", e);
            Http.json(ex, 500, new ApiError(500, ApiError.API, null, e.toString(), null).envelope());
        }
    }

    private JsonObject answer(String action, Params p) {
        return switch (action) {
            case "GET health" -> Json.obj("status", "UP");
            case "GET secret" -> Json.obj("webhook_secret", stripe.webhookSecret());
            case "POST pay" -> outcome(stripe.pay(p.require("session")));
            case "POST renew" -> outcome(stripe.renew(p.require("email")));
            case "POST fail-payment" -> outcome(stripe.failPayment(p.require("email"), flag(p, "final")));
            case "POST cancel" -> outcome(stripe.cancel(p.require("email"), flag(p, "at_period_end")));
            case "POST void" -> outcome(stripe.voidInvoice(p.require("invoice")));
            case "POST resend" -> {
                stripe.resend(p.require("event"));
                yield Json.obj("event", p.text("event"));
            }
            case "GET events" -> events();
            case "GET requests" -> requests();
            case "POST faults" -> {
                Long status = p.integer("status");
                Long times = p.integer("times");
                Long delay = p.integer("delay_ms");
                stripe.injectFault(status == null ? 500 : status.intValue(), times == null ? 1 : times.intValue(),
                        p.text("method"), p.text("path"), Duration.ofMillis(delay == null ? 0 : delay));
                yield Json.obj("faults", "added");
            }
            case "DELETE faults" -> {
                stripe.clearFaults();
                yield Json.obj("faults", "cleared");
            }
            case "POST reset" -> {
                stripe.reset();
                yield Json.obj("reset", true);
            }
            default -> throw new ApiError(404, ApiError.INVALID_REQUEST, null, "Unrecognized control URL ("
                    + action + "). See deploy/stripe-local/README.md.", null);
        };
    }

    private static boolean flag(Params p, String name) {
        Boolean b = p.bool(name);
        return b != null && b;
    }

    static JsonObject outcome(Outcome o) {
        return Json.obj("customer", o.customer(), "subscription", o.subscription(), "invoice", o.invoice(),
                "events", o.events());
    }

    private JsonObject events() {
        JsonArray data = new JsonArray();
        for (SentEvent e : stripe.events()) {
            data.add(Json.obj("id", e.id(), "type", e.type(), "created", e.created(), "status", e.status(),
                    "attempts", e.attempts(), "deliveries", e.deliveries(), "last_error", e.lastError()));
        }
        return Json.obj("data", data);
    }

    private JsonObject requests() {
        JsonArray data = new JsonArray();
        for (ReceivedRequest r : stripe.requests()) {
            data.add(Json.obj("at", r.at().toString(), "method", r.method(), "path", r.path(), "params", r.params(),
                    "idempotency_key", r.idempotencyKey(), "stripe_version", r.stripeVersion(),
                    "request_id", r.requestId(), "status", r.status(), "replayed", r.replayed()));
        }
        return Json.obj("data", data);
    }
}
