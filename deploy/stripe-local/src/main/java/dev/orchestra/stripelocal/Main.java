package dev.orchestra.stripelocal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The runnable jar: {@code serve} runs the server; every other command is a client of a running server's
 * control surface ({@code /_local/}, see {@link Control}). Exit codes: 0 done, 1 the server refused
 * (message on stderr), 2 usage, 3 server not reachable.
 */
public final class Main {

    static final String USAGE = """
            usage:
              java -jar orchestra-stripe-local.jar serve [options]
                --host HOST                 listen address (default 127.0.0.1)
                --port PORT                 (default 12111; 0 = a free port)
                --api-key KEY               the one API key accepted (default sk_test_orchestra_local)
                --webhook-url URL           where events are POSTed (default none: recorded, not sent)
                --webhook-secret SECRET     signing secret (default: a random whsec_…, printed at start)
                --webhook-secret-file FILE  read the signing secret from FILE
                --state FILE                keep the state in FILE across restarts (default: memory only)
                --price ID=INTERVAL:AMOUNT:CURRENCY[:PRODUCT_ID[:PRODUCT NAME]]
                                            a price (repeatable; default price_orchestra_pro_month=month:1000:usd
                                            and price_orchestra_pro_year=year:10000:usd, product prod_orchestra_pro)
                --retry-initial-ms N        first webhook retry after N ms, doubling (default 1000)
                --retry-max-ms N            longest wait between webhook attempts (default 300000)
                --max-attempts N            webhook attempts before giving up (default 12)
                --quiet                     no log line per request and webhook attempt
              java -jar orchestra-stripe-local.jar [--url URL] COMMAND
                (URL: default $STRIPE_LOCAL_URL, else http://127.0.0.1:12111)
                secret                            print the webhook signing secret
                pay SESSION_ID                    click Pay on a checkout session
                renew EMAIL                       the customer's period ends (renewal, end, or a retry that succeeds)
                fail-payment EMAIL [--final]      a payment fails (--final: the last retry; subscription unpaid)
                cancel EMAIL [--at-period-end]    cancel the customer's subscription
                void INVOICE_ID                   void an open invoice
                resend EVENT_ID                   deliver an event again (a duplicate)
                events                            the events made: id, type, delivery status, attempts
                requests                          the API requests received
                fault [--status N] [--times N] [--method M] [--path PREFIX] [--delay-ms N]
                                                  make API requests fail (times 0: until clear-faults)
                clear-faults
                reset                             forget everything but the prices
                health
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        String url = System.getenv().getOrDefault("STRIPE_LOCAL_URL", "http://127.0.0.1:" + LocalStripe.DEFAULT_PORT);
        if (a.size() >= 2 && a.get(0).equals("--url")) {
            url = a.get(1);
            a = a.subList(2, a.size());
        }
        if (a.isEmpty() || a.get(0).equals("--help") || a.get(0).equals("-h") || a.get(0).equals("help")) {
            (a.isEmpty() ? err : out).print(USAGE);
            return a.isEmpty() ? 2 : 0;
        }
        try {
            if (a.get(0).equals("serve")) {
                return serve(a.subList(1, a.size()), out);
            }
            return command(url.replaceAll("/+$", ""), a, out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            err.println(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            return 1;
        }
    }

    private static int serve(List<String> args, PrintStream out) throws IOException, InterruptedException {
        LocalStripe.Builder b = LocalStripe.builder().port(LocalStripe.DEFAULT_PORT).log(out);
        List<ConfiguredPrice> prices = new ArrayList<>();
        long retryInitial = 1000;
        long retryMax = 300_000;
        int maxAttempts = 12;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--quiet")) {
                b.log(null);
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String v = args.get(++i);
            switch (flag) {
                case "--host" -> b.host(v);
                case "--port" -> b.port(Integer.parseInt(v));
                case "--api-key" -> b.apiKey(v);
                case "--webhook-url" -> b.webhookUrl(v.isEmpty() ? null : v);
                case "--webhook-secret" -> b.webhookSecret(v);
                case "--webhook-secret-file" -> b.webhookSecret(Files.readAllLines(Path.of(v)).get(0).strip());
                case "--state" -> b.stateFile(Path.of(v));
                case "--price" -> prices.add(ConfiguredPrice.parse(v));
                case "--retry-initial-ms" -> retryInitial = Long.parseLong(v);
                case "--retry-max-ms" -> retryMax = Long.parseLong(v);
                case "--max-attempts" -> maxAttempts = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!prices.isEmpty()) {
            b.prices(prices);
        }
        b.retries(Duration.ofMillis(retryInitial), Duration.ofMillis(Math.max(retryMax, retryInitial)), maxAttempts);
        LocalStripe stripe = b.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stripe.stop();
            stopped.countDown();
        }, "local-stripe-shutdown"));
        out.printf("local Stripe (API version %s) on %s, API key %s, webhooks → %s%n", LocalStripe.API_VERSION,
                stripe.baseUrl(), stripe.apiKey(), stripe.webhookUrl() == null ? "(none: recorded only)" : stripe.webhookUrl());
        for (ConfiguredPrice p : stripe.prices()) {
            out.printf("  price %s: %s %s%n", p.id(), p.product(), p.label());
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private static int command(String url, List<String> a, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        String name = a.get(0);
        List<String> rest = a.subList(1, a.size());
        Map<String, String> form = new LinkedHashMap<>();
        String method = "POST";
        String path;
        switch (name) {
            case "secret", "events", "requests", "health" -> {
                expect(rest, 0, name);
                method = "GET";
                path = name;
            }
            case "pay" -> {
                expect(rest, 1, "pay SESSION_ID");
                form.put("session", rest.get(0));
                path = "pay";
            }
            case "renew" -> {
                expect(rest, 1, "renew EMAIL");
                form.put("email", rest.get(0));
                path = "renew";
            }
            case "fail-payment" -> {
                form.put("email", positional(rest, "fail-payment EMAIL [--final]", "--final"));
                form.put("final", String.valueOf(rest.contains("--final")));
                path = "fail-payment";
            }
            case "cancel" -> {
                form.put("email", positional(rest, "cancel EMAIL [--at-period-end]", "--at-period-end"));
                form.put("at_period_end", String.valueOf(rest.contains("--at-period-end")));
                path = "cancel";
            }
            case "void" -> {
                expect(rest, 1, "void INVOICE_ID");
                form.put("invoice", rest.get(0));
                path = "void";
            }
            case "resend" -> {
                expect(rest, 1, "resend EVENT_ID");
                form.put("event", rest.get(0));
                path = "resend";
            }
            case "fault" -> {
                for (int i = 0; i < rest.size(); i += 2) {
                    if (i + 1 >= rest.size() || !rest.get(i).startsWith("--")) {
                        throw new IllegalArgumentException("usage: fault [--status N] [--times N] [--method M] "
                                + "[--path PREFIX] [--delay-ms N]");
                    }
                    form.put(rest.get(i).substring(2).replace('-', '_'), rest.get(i + 1));
                }
                path = "faults";
            }
            case "clear-faults" -> {
                expect(rest, 0, name);
                method = "DELETE";
                path = "faults";
            }
            case "reset" -> {
                expect(rest, 0, name);
                path = "reset";
            }
            default -> throw new IllegalArgumentException("unknown command " + name);
        }
        HttpResponse<String> response;
        try {
            response = call(url + "/_local/" + path, method, form);
        } catch (ConnectException e) {
            err.println("local Stripe not reachable at " + url + " (is it running? `serve` starts it)");
            return 3;
        }
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        if (response.statusCode() != 200) {
            err.println(Json.str(body.getAsJsonObject("error"), "message"));
            return 1;
        }
        print(name, body, out);
        return 0;
    }

    private static void print(String name, JsonObject body, PrintStream out) {
        switch (name) {
            case "secret" -> out.println(Json.str(body, "webhook_secret"));
            case "health" -> out.println(Json.str(body, "status"));
            case "resend" -> out.println("resent " + Json.str(body, "event"));
            case "events" -> {
                for (JsonElement e : body.getAsJsonArray("data")) {
                    JsonObject ev = e.getAsJsonObject();
                    String error = Json.str(ev, "last_error");
                    out.printf("%s  %-34s %-9s attempts=%d deliveries=%d%s%n", Json.str(ev, "id"), Json.str(ev, "type"),
                            Json.str(ev, "status"), ev.get("attempts").getAsInt(), ev.get("deliveries").getAsInt(),
                            error == null ? "" : "  last_error=" + error);
                }
            }
            case "requests" -> {
                for (JsonElement e : body.getAsJsonArray("data")) {
                    JsonObject r = e.getAsJsonObject();
                    out.printf("%s %-6s %-40s %d %s%s%n", Json.str(r, "at"), Json.str(r, "method"), Json.str(r, "path"),
                            r.get("status").getAsInt(), Json.str(r, "request_id"),
                            Json.bool(r, "replayed") ? " replayed" : "");
                }
            }
            case "fault", "clear-faults", "reset" -> out.println("ok");
            default -> {
                for (String field : List.of("customer", "subscription", "invoice")) {
                    if (Json.str(body, field) != null) {
                        out.println(field + " " + Json.str(body, field));
                    }
                }
                for (JsonElement e : body.getAsJsonArray("events")) {
                    out.println("event " + e.getAsString());
                }
            }
        }
    }

    private static HttpResponse<String> call(String url, String method, Map<String, String> form)
            throws IOException, InterruptedException {
        StringBuilder encoded = new StringBuilder();
        form.forEach((k, v) -> encoded.append(encoded.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(encoded.toString()));
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(List<String> args, int count, String usage) {
        if (args.size() != count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    /** The one positional argument among an optional flag. */
    private static String positional(List<String> args, String usage, String flag) {
        List<String> positional = args.stream().filter(x -> !x.equals(flag)).toList();
        if (positional.size() != 1 || positional.get(0).startsWith("--")) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return positional.get(0);
    }
}
