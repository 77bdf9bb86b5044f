import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ./orchestra bench billing, the parts that need a program (deploy/bench/billing.sh runs them in turn):
 *
 * <ul>
 *   <li>{@code setup GATEWAY STRIPE WORK_DIR USERS RENEWALS}: USERS accounts through the gateway, each with a
 *       checkout paid on the local Stripe (its control surface, as {@code ./orchestra stripe pay} does) and
 *       renewed RENEWALS times, so that the local Stripe makes and delivers the events Stripe would; waits until
 *       every account is {@code pro} and every event is delivered, then keeps those of the handled types
 *       (read back with Stripe's own {@code GET /v1/events}) in WORK_DIR/events.jsonl.</li>
 *   <li>{@code fire GATEWAY METRICS_URL WORK_DIR SECRET_FILE COUNT CLIENTS}: COUNT deliveries, CLIENTS at
 *       once, each a distinct event (a fresh {@code evt_} id) made from one of the kept events in turn, signed
 *       with the stack's webhook secret as Stripe signs ({@code t=…,v1=HMAC-SHA256}) at the moment it is sent.
 *       Every answer's latency is recorded; billing-service's counter of applied events (METRICS_URL) is read
 *       before, when the last delivery is answered, and until all COUNT are applied.</li>
 * </ul>
 *
 * Results are appended to WORK_DIR/results.sh as shell assignments; progress goes to stdout.
 */
public class BillingBench {

    static final String PASSWORD = "bench password 123";
    static final String API_KEY = "sk_test_orchestra_local";
    /** The types billing-service stores and applies; others are answered 200 and dropped. */
    static final Set<String> HANDLED = Set.of("checkout.session.completed", "customer.subscription.created",
            "customer.subscription.updated", "customer.subscription.deleted", "invoice.finalized", "invoice.paid",
            "invoice.payment_failed", "invoice.voided");

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "setup" -> setup(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                case "fire" -> fire(args[1], args[2], Path.of(args[3]), Path.of(args[4]), Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]));
                default -> throw new Failure("unknown step " + args[0]);
            }
        } catch (Failure e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // setup: paying accounts, and the events the local Stripe made for them.

    static void setup(String gateway, String stripe, Path work, int users, int renewals) throws Exception {
        Files.createDirectories(work);
        String tag = randomTag();
        System.out.printf("==> %d account(s) through %s, each paying for pro and renewed %d time(s) (run tag %s)%n",
                users, gateway, renewals, tag);
        List<String> emails = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String email = "bench-billing-" + tag + "-" + u + "@bench.example.com";
            JsonObject session = call(gateway, "POST", "/auth/register", null,
                    "{\"email\":\"" + email + "\",\"name\":\"Billing bench " + u + "\",\"password\":\"" + PASSWORD + "\"}", 201)
                    .getAsJsonObject("data");
            emails.add(email);
            tokens.add(session.get("access_token").getAsString());
            // Written as they come, so that the script erases the accounts even when the run fails later.
            Files.writeString(work.resolve("accounts.txt"), email + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        for (int u = 0; u < users; u++) {
            String sessionId = checkout(gateway, tokens.get(u));
            control(stripe, "pay", "session", sessionId);
        }
        for (int r = 0; r < renewals; r++) {
            for (String email : emails) {
                control(stripe, "renew", "email", email);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int u = 0; u < users; u++) {
            while (!"pro".equals(plan(gateway, tokens.get(u)))) {
                if (System.nanoTime() > deadline) {
                    throw new Failure(emails.get(u) + " is not pro 120 s after paying");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        while (undelivered(stripe) > 0) {
            if (System.nanoTime() > deadline) {
                throw new Failure("the local Stripe still has undelivered webhooks after 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }

        // The run's customers, then their events as Stripe's API lists them (newest first, paged).
        Set<String> customers = new HashSet<>();
        for (String email : emails) {
            for (JsonElement c : stripeGet(stripe, "/v1/customers?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                    .getAsJsonArray("data")) {
                customers.add(c.getAsJsonObject().get("id").getAsString());
            }
        }
        List<String> kept = new ArrayList<>();
        String after = null;
        int listed = 0;
        while (true) {
            JsonObject page = stripeGet(stripe, "/v1/events?limit=100" + (after == null ? "" : "&starting_after=" + after));
            for (JsonElement element : page.getAsJsonArray("data")) {
                JsonObject event = element.getAsJsonObject();
                after = event.get("id").getAsString();
                listed++;
                if (HANDLED.contains(event.get("type").getAsString())) {
                    kept.add(event.toString());
                }
            }
            if (!page.get("has_more").getAsBoolean()) {
                break;
            }
        }
        // Only the events about this run's customers (an earlier run's customers may be gone).
        List<String> ours = new ArrayList<>();
        for (String json : kept) {
            String customer = text(JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object"),
                    "customer");
            if (customer != null && customers.contains(customer)) {
                ours.add(json);
            }
        }
        if (ours.isEmpty()) {
            throw new Failure("the local Stripe listed no handled event about the run's " + users + " customers (" + listed + " listed)");
        }
        Files.write(work.resolve("events.jsonl"), ours);
        System.out.printf("    %d accounts pro; %d events of the handled types about their %d customers kept%n", users,
                ours.size(), customers.size());
        results(work, "SETUP_USERS=" + users, "SETUP_RENEWALS=" + renewals, "SOURCE_EVENTS=" + ours.size());
    }

    /** POST /api/v1/billing/checkout, again while billing-service has not yet heard of the new account. */
    static String checkout(String gateway, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = HTTP.send(request("POST", gateway + "/api/v1/billing/checkout", token,
                    "{\"plan\":\"pro\",\"interval\":\"month\"}"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data").get("session_id").getAsString();
            }
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                throw new Failure("checkout answered " + response.statusCode() + ": " + response.body());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    static String plan(String gateway, String token) throws Exception {
        return call(gateway, "GET", "/api/v1/billing/subscription", token, null, 200).getAsJsonObject("data").get("plan").getAsString();
    }

    static void control(String stripe, String action, String name, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripe + "/_local/" + action)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Failure("the local Stripe's " + action + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static long undelivered(String stripe) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stripe + "/_local/events")).build(),
                HttpResponse.BodyHandlers.ofString());
        long open = 0;
        for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("data")) {
            String status = element.getAsJsonObject().get("status").getAsString();
            open += status.equals("pending") || status.equals("retrying") ? 1 : 0;
        }
        return open;
    }

    static JsonObject stripeGet(String stripe, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stripe + path))
                .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Failure("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    // ------------------------------------------------------------------------------------------------
    // fire: signed deliveries, timed, while billing-service applies them.

    static void fire(String gateway, String metrics, Path work, Path secretFile, int count, int clients) throws Exception {
        String secret = Files.readString(secretFile).strip();
        List<String> sources = Files.readAllLines(work.resolve("events.jsonl"));
        String tag = randomTag();
        String[] payloads = new String[count];
        for (int i = 0; i < count; i++) {
            JsonObject event = JsonParser.parseString(sources.get(i % sources.size())).getAsJsonObject();
            event.addProperty("id", "evt_bench_" + tag + "_" + i);
            event.addProperty("created", System.currentTimeMillis() / 1000);
            payloads[i] = event.toString();
        }
        double appliedBefore = appliedEvents(metrics);
        if (appliedBefore < 0) {
            throw new Failure("billing-service's metrics (" + metrics + ") could not be read");
        }
        System.out.printf("==> %d signed deliveries (%d distinct source events), %d at once, to %s/webhooks/stripe%n", count,
                sources.size(), clients, gateway);
        long[] latencies = new long[count];
        int[] statuses = new int[count];
        AtomicInteger next = new AtomicInteger();
        URI target = URI.create(gateway + "/webhooks/stripe");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json; charset=utf-8")
                                .header("Stripe-Signature", signature(secret, System.currentTimeMillis() / 1000, payloads[i]))
                                .POST(HttpRequest.BodyPublishers.ofString(payloads[i], StandardCharsets.UTF_8)).build();
                        statuses[i] = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        statuses[i] = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new Failure("the deliveries took longer than 10 minutes");
        }
        long sendNanos = System.nanoTime() - started;
        double appliedAtLastAnswer = appliedEvents(metrics) - appliedBefore;

        // Until billing-service has applied every one of them (its counter of events applied, whatever the outcome).
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        double applied = appliedAtLastAnswer;
        while (applied < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            applied = appliedEvents(metrics) - appliedBefore;
        }
        long applyNanos = System.nanoTime() - started;

        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int failed = 0;
        for (int status : statuses) {
            failed += status == 200 ? 0 : 1;
        }
        System.out.printf("    answered in %.1f s; %d applied when the last was answered, %d after %.1f s%n", sendNanos / 1e9,
                (long) appliedAtLastAnswer, (long) applied, applyNanos / 1e9);
        results(work,
                "DELIVERIES=" + count,
                "CLIENTS=" + clients,
                "SOURCE_DISTINCT=" + sources.size(),
                "SEND_SECONDS=" + fmt("%.1f", sendNanos / 1e9),
                "SEND_RATE=" + fmt("%.1f", count / (sendNanos / 1e9)),
                "ANSWER_P50_MS=" + fmt("%.1f", percentile(sorted, 50) / 1e6),
                "ANSWER_P99_MS=" + fmt("%.1f", percentile(sorted, 99) / 1e6),
                "ANSWER_MAX_MS=" + fmt("%.1f", sorted[sorted.length - 1] / 1e6),
                "NON_200=" + failed,
                "APPLIED_AT_LAST_ANSWER=" + (long) appliedAtLastAnswer,
                "APPLIED=" + (long) applied,
                "APPLY_SECONDS=" + fmt("%.1f", applyNanos / 1e9),
                "APPLY_RATE=" + fmt("%.1f", applied / (applyNanos / 1e9)));
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>}, Stripe's Stripe-Signature header. */
    static String signature(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** billing-service's orchestra.billing.events.applied, summed over its type and outcome tags; −1 if unreadable. */
    static double appliedEvents(String metrics) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metrics)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("orchestra_billing_events_applied_total{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------

    static HttpRequest request(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    static JsonObject call(String gateway, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request(method, gateway + path, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new Failure(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    static String text(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
    }

    static String randomTag() {
        Random random = new java.security.SecureRandom();
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            tag.append((char) ('a' + random.nextInt(26)));
        }
        return tag.toString();
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void results(Path work, String... lines) throws IOException {
        Files.writeString(work.resolve("results.sh"), String.join("\n", lines) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
