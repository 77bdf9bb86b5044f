package dev.orchestra.stripelocal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orchestra.stripelocal.Events.Origin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's HTTP API under {@code /v1/}: the Bearer API key, Stripe's error envelope and statuses,
 * idempotency keys, {@code Request-Id} headers, expansion, and the endpoints billing-service uses.
 */
final class Api implements HttpHandler {

    private static final int JOURNAL_SIZE = 5000;
    private static final String ID = "([A-Za-z0-9_\\-]+)";

    /** An endpoint: what it answers given the path's id (if any), the parameters and the request's origin. */
    @FunctionalInterface
    private interface Endpoint {
        JsonObject answer(String id, Params p, Origin origin);
    }

    private record Route(String method, Pattern path, Endpoint endpoint) {
    }

    private record Reply(int status, String body, boolean replayed, String originalRequest, boolean injected) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Billing billing;
    private final Idempotency idempotency;
    private final Faults faults;
    private final String apiKey;
    private final PrintStream log;
    private final Deque<ReceivedRequest> journal = new ArrayDeque<>();
    private final Clock clock;

    Api(Billing billing, Idempotency idempotency, Faults faults, String apiKey, Clock clock, PrintStream log) {
        this.billing = billing;
        this.idempotency = idempotency;
        this.faults = faults;
        this.apiKey = apiKey;
        this.clock = clock;
        this.log = log;

        route("POST", "/v1/customers", (id, p, o) -> view(billing.createCustomer(p, o), p));
        route("GET", "/v1/customers", (id, p, o) -> list(billing.customers(p), p, "/v1/customers"));
        route("GET", "/v1/customers/" + ID, (id, p, o) -> retrieve(billing.customer(id), p));
        route("POST", "/v1/customers/" + ID, (id, p, o) -> view(billing.updateCustomer(id, p, o), p));
        route("DELETE", "/v1/customers/" + ID, (id, p, o) -> view(billing.deleteCustomer(id, o), p));
        route("POST", "/v1/checkout/sessions", (id, p, o) -> view(billing.createCheckoutSession(p, o), p));
        route("GET", "/v1/checkout/sessions/" + ID, (id, p, o) -> retrieve(billing.checkoutSession(id), p));
        route("GET", "/v1/checkout/sessions/" + ID + "/line_items", (id, p, o) -> {
            p.only("limit", "starting_after", "ending_before");
            return billing.lineItems(billing.checkoutSession(id));
        });
        route("POST", "/v1/billing_portal/sessions", (id, p, o) -> view(billing.createPortalSession(p, o), p));
        route("GET", "/v1/subscriptions", (id, p, o) -> list(billing.subscriptions(p), p, "/v1/subscriptions"));
        route("GET", "/v1/subscriptions/" + ID, (id, p, o) -> retrieve(billing.subscription(id), p));
        route("POST", "/v1/subscriptions/" + ID, (id, p, o) -> view(billing.updateSubscription(id, p, o), p));
        route("DELETE", "/v1/subscriptions/" + ID, (id, p, o) -> view(billing.cancelSubscription(id, p, o), p));
        route("GET", "/v1/invoices", (id, p, o) -> list(billing.invoices(p), p, "/v1/invoices"));
        route("GET", "/v1/invoices/" + ID, (id, p, o) -> retrieve(billing.invoice(id), p));
        route("GET", "/v1/events", (id, p, o) -> list(billing.events(p), p, "/v1/events"));
        route("GET", "/v1/events/" + ID, (id, p, o) -> retrieve(billing.event(id), p));
        route("GET", "/v1/prices/" + ID, (id, p, o) -> retrieve(billing.price(id), p));
        route("GET", "/v1/products/" + ID, (id, p, o) -> retrieve(billing.product(id), p));
    }

    private void route(String method, String path, Endpoint endpoint) {
        routes.add(new Route(method, Pattern.compile(path), endpoint));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long started = System.nanoTime();
        String requestId = "req_" + Ids.random(14);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        Map<String, String> raw = new LinkedHashMap<>();
        Reply reply;
        try {
            List<String[]> pairs = Http.pairs(ex);
            pairs.forEach(pair -> raw.put(pair[0], pair[1]));
            reply = answer(ex, method, path, pairs, requestId, key);
        } catch (ApiError e) {
            reply = new Reply(e.status, Json.GSON.toJson(e.envelope()), false, null, false);
        }
        var headers = ex.getResponseHeaders();
        headers.set("Request-Id", requestId);
        headers.set("Stripe-Version", LocalStripe.API_VERSION);
        if (key != null && method.equals("POST")) {
            headers.set("Idempotency-Key", key);
        }
        if (reply.replayed()) {
            headers.set("Idempotent-Replayed", "true");
            headers.set("Original-Request", reply.originalRequest());
        }
        if (reply.injected()) {
            headers.set("Stripe-Should-Retry", "false");
        }
        synchronized (journal) {
            journal.addLast(new ReceivedRequest(clock.instant(), method, path, raw, key,
                    ex.getRequestHeaders().getFirst("Stripe-Version"), requestId, reply.status(), reply.replayed()));
            if (journal.size() > JOURNAL_SIZE) {
                journal.removeFirst();
            }
        }
        if (log != null) {
            log.printf("%s %s → %d %s%s (%d ms)%n", method, path, reply.status(), requestId,
                    reply.replayed() ? " replayed" : "", (System.nanoTime() - started) / 1_000_000);
        }
        Http.send(ex, reply.status(), "application/json", reply.body().getBytes(StandardCharsets.UTF_8));
    }

    private Reply answer(HttpExchange ex, String method, String path, List<String[]> pairs, String requestId,
            String key) {
        authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        Params params = Params.parse(pairs);
        boolean idempotent = key != null && method.equals("POST");
        if (idempotent) {
            Idempotency.Answer kept = idempotency.begin(key, method, path, params.canonical());
            if (kept != null) {
                return new Reply(kept.status(), kept.body(), true, kept.requestId(), false);
            }
        }
        // From here on the key (if any) is held: a retry arriving meanwhile gets the 409.
        Idempotency.Answer keep = null;
        try {
            Faults.Fault fault = faults.take(method, path);
            if (fault != null) {
                sleep(fault.delayMs());
                if (fault.status() != 0) {
                    return new Reply(fault.status(), Json.GSON.toJson(Faults.error(fault.status()).envelope()), false,
                            null, true);
                }
            }
            int status;
            String body;
            try {
                JsonObject result = dispatch(method, path, params, new Origin(requestId, idempotent ? key : null));
                status = 200;
                body = Json.GSON.toJson(result);
            } catch (ApiError e) {
                status = e.status;
                body = Json.GSON.toJson(e.envelope());
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Api.class.getName()).log(java.util.logging.Level.SEVERE, "unexpected failure of an API request", e);
                status = 500;
                body = Json.GSON.toJson(new ApiError(500, ApiError.API, null,
                        "An unexpected error occurred in the local Stripe: " + e, null).envelope());
            }
            if (status < 400 || status >= 500) {
                keep = new Idempotency.Answer(key, method, path, params.canonical(), status, body, requestId,
                        clock.millis());
            }
            return new Reply(status, body, false, null, false);
        } finally {
            if (idempotent) {
                idempotency.finish(key, keep);
            }
        }
    }

    private JsonObject dispatch(String method, String path, Params params, Origin origin) {
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (r.method().equals(method) && m.matches()) {
                return r.endpoint().answer(m.groupCount() > 0 ? m.group(1) : null, params, origin);
            }
        }
        throw ApiError.unrecognizedUrl(method, path);
    }

    /** The object as the API shows it, with the request's expansions. */
    private JsonObject view(JsonObject stored, Params p) {
        return billing.view(stored, p.strings("expand"));
    }

    private JsonObject retrieve(JsonObject stored, Params p) {
        p.only();
        return view(stored, p);
    }

    /** A page of a list, newest first: {@code limit} (1–100, default 10), {@code starting_after}, {@code ending_before}. */
    private JsonObject list(List<JsonObject> newestFirst, Params p, String url) {
        Long limit = p.integer("limit");
        if (limit == null) {
            limit = 10L;
        } else if (limit < 1 || limit > 100) {
            throw ApiError.invalid("limit", "Invalid limit: must be between 1 and 100");
        }
        String after = p.text("starting_after");
        String before = p.text("ending_before");
        int from = 0;
        int to = newestFirst.size();
        if (after != null) {
            from = indexOf(newestFirst, after, "starting_after") + 1;
        }
        if (before != null) {
            to = indexOf(newestFirst, before, "ending_before");
            from = Math.max(from, (int) Math.max(0, to - limit));
        }
        int end = (int) Math.min(to, from + limit);
        JsonArray data = new JsonArray();
        List<String> expand = new ArrayList<>();
        for (String path : p.strings("expand")) {
            if (!path.startsWith("data.")) {
                throw ApiError.invalid("expand", "This property cannot be expanded (" + path + "). "
                        + "Expansions of list items start with data.");
            }
            expand.add(path.substring("data.".length()));
        }
        for (JsonObject o : newestFirst.subList(from, end)) {
            data.add(billing.view(o, expand));
        }
        boolean hasMore = before != null ? from > 0 : end < to;
        return Shapes.list(data, hasMore, url);
    }

    private static int indexOf(List<JsonObject> objects, String id, String param) {
        for (int i = 0; i < objects.size(); i++) {
            if (id.equals(Json.str(objects.get(i), "id"))) {
                return i;
            }
        }
        throw ApiError.invalid(param, "Invalid " + param + ": no object '" + id + "' in this list.");
    }

    /** {@code Authorization: Bearer KEY} (or Basic with the key as user name, as curl -u sends it). */
    private void authenticate(String header) {
        String given = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                given = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (IllegalArgumentException e) {
                given = "";
            }
        }
        if (given == null || given.isEmpty()) {
            throw new ApiError(401, ApiError.INVALID_REQUEST, null, "You did not provide an API key. You need to "
                    + "provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: "
                    + "Bearer YOUR_SECRET_KEY').", null);
        }
        if (!given.equals(apiKey)) {
            throw new ApiError(401, ApiError.INVALID_REQUEST, null, "Invalid API Key provided: " + redact(given), null);
        }
    }

    private static String redact(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        int prefix = key.startsWith("sk_test_") || key.startsWith("rk_test_") ? 8 : 3;
        return key.substring(0, prefix) + "*".repeat(key.length() - prefix - 4) + key.substring(key.length() - 4);
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<ReceivedRequest> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    void clearJournal() {
        synchronized (journal) {
            journal.clear();
        }
    }
}
