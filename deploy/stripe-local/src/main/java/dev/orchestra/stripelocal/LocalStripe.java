package dev.orchestra.stripelocal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for Stripe: the part of Stripe's HTTP API that billing-service uses, its hosted
 * checkout and portal pages, and its signed webhooks. Production points the same client at api.stripe.com
 * by configuration alone. In a test:
 *
 * <pre>{@code
 * LocalStripe stripe = LocalStripe.builder()
 *         .apiKey(LocalStripe.TEST_ONLY_API_KEY)
 *         .webhookSecret(LocalStripe.TEST_ONLY_WEBHOOK_SECRET)
 *         .webhookUrl("http://127.0.0.1:8084/webhooks/stripe")
 *         .start();                                 // a free port unless port(…) says otherwise
 * StripeClient client = StripeClient.builder().setApiKey(stripe.apiKey()).setApiBase(stripe.baseUrl()).build();
 * ...
 * stripe.pay(sessionId);                            // what clicking Pay on the checkout page does
 * stripe.close();
 * }</pre>
 *
 * See deploy/stripe-local/README.md for the endpoints, the control surface and what is not implemented.
 */
public final class LocalStripe implements AutoCloseable {

    /** The one API version it speaks: stripe-java 33.3.0's {@code Stripe.API_VERSION}. */
    public static final String API_VERSION = "2026-07-29.dahlia";

    /**
     * TEST ONLY. A webhook signing secret committed to the repository for module tests (billing-service's
     * and this module's). Never configure it anywhere but a test: the local stack generates its own secret,
     * and production uses the one Stripe gives for the endpoint.
     */
    public static final String TEST_ONLY_WEBHOOK_SECRET = "whsec_TEST_ONLY_orchestra_local_stripe_not_a_real_secret";

    /** TEST ONLY. An API key for module tests; any string works, this one says what it is. */
    public static final String TEST_ONLY_API_KEY = "sk_test_TEST_ONLY_orchestra_local_stripe";

    /** The API key of the runnable jar when none is given. */
    public static final String DEFAULT_API_KEY = "sk_test_orchestra_local";
    /** The runnable jar's port when none is given. */
    public static final int DEFAULT_PORT = 12111;

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ScheduledExecutorService saver;
    private final String baseUrl;
    private final Store store;
    private final WebhookSender sender;
    private final Events events;
    private final Billing billing;
    private final Faults faults = new Faults();
    private final Api api;
    private volatile String webhookUrl;

    private LocalStripe(Settings settings) {
        this.settings = settings;
        this.webhookUrl = settings.webhookUrl();
        this.store = new Store(settings.stateFile());
        store.load();
        try {
            this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
        Clock clock = settings.clock();
        this.sender = new WebhookSender(store, this::webhookUrl, settings, clock, settings.log());
        this.events = new Events(store, sender, this::webhookUrl, clock);
        this.billing = new Billing(store, events, clock, baseUrl);
        billing.seed(settings.prices());
        this.api = new Api(billing, new Idempotency(store, clock), faults, settings.apiKey(), clock, settings.log());
        server.createContext("/v1/", api);
        server.createContext("/_local/", new Control(this));
        server.createContext("/", new Pages(billing));
        this.requests = Executors.newCachedThreadPool(daemon("local-stripe-http"));
        server.setExecutor(requests);
        this.saver = Executors.newSingleThreadScheduledExecutor(daemon("local-stripe-state"));
        saver.scheduleWithFixedDelay(store::saveIfChanged, 200, 200, TimeUnit.MILLISECONDS);
        server.start();
        sender.resume();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}: stripe-java's {@code setApiBase}, and the root of the hosted pages. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String apiKey() {
        return settings.apiKey();
    }

    public String webhookSecret() {
        return settings.webhookSecret();
    }

    /** Where events are sent; null when they are only recorded. */
    public String webhookUrl() {
        return webhookUrl;
    }

    /** Changes where the next deliveries (and retries) go, e.g. once the service under test has its port. */
    public void webhookUrl(String url) {
        this.webhookUrl = url;
    }

    public List<ConfiguredPrice> prices() {
        return settings.prices();
    }

    /** What clicking Pay on the session's checkout page does (see README for the events, in order). */
    public Outcome pay(String checkoutSessionId) {
        return billing.pay(checkoutSessionId);
    }

    /** The current period of the customer's subscription ends (new paid period, or the end, or a retry that succeeds). */
    public Outcome renew(String email) {
        return billing.renew(email);
    }

    /** A payment of the customer's subscription fails; {@code last}: it was Stripe's last retry (subscription unpaid). */
    public Outcome failPayment(String email, boolean last) {
        return billing.failPayment(email, last);
    }

    /** Cancels the customer's subscription now, or at the end of its period. */
    public Outcome cancel(String email, boolean atPeriodEnd) {
        return billing.cancel(email, atPeriodEnd);
    }

    /** Voids an open invoice (invoice.voided). */
    public Outcome voidInvoice(String invoiceId) {
        return billing.voidInvoice(invoiceId);
    }

    /** Delivers the event once more: a duplicate with the same id, as Stripe sometimes sends. */
    public void resend(String eventId) {
        events.resend(eventId);
    }

    /** Every event made so far, oldest first, with its delivery status. */
    public List<SentEvent> events() {
        synchronized (store) {
            List<SentEvent> out = new ArrayList<>();
            for (EventRecord r : store.events()) {
                out.add(r.view());
            }
            Collections.reverse(out);
            return out;
        }
    }

    public Optional<SentEvent> event(String id) {
        synchronized (store) {
            EventRecord r = store.event(id);
            return Optional.ofNullable(r == null ? null : r.view());
        }
    }

    /** The API requests received (the last 5,000), oldest first. */
    public List<ReceivedRequest> requests() {
        return api.journal();
    }

    /**
     * Makes the next {@code times} API requests matching {@code method} (null: any) and {@code pathPrefix}
     * (e.g. {@code /v1/checkout/sessions}) wait {@code delay} and then fail with {@code status} (0: do not
     * fail, only wait). {@code times} 0: until {@link #clearFaults()}.
     */
    public void injectFault(int status, int times, String method, String pathPrefix, Duration delay) {
        faults.add(new Faults.Fault(status, times, method, pathPrefix == null ? "/v1/" : pathPrefix,
                delay == null ? 0 : delay.toMillis()));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Forgets customers, sessions, subscriptions, invoices, events, idempotency keys, requests and faults. */
    public void reset() {
        store.clear();
        api.clearJournal();
        faults.clear();
    }

    public void stop() {
        server.stop(0);
        sender.stop();
        saver.shutdownNow();
        requests.shutdownNow();
        store.saveIfChanged();
    }

    @Override
    public void close() {
        stop();
    }

    /** How to start one; every setting has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String apiKey = DEFAULT_API_KEY;
        private String webhookUrl;
        private String webhookSecret;
        private Path stateFile;
        private List<ConfiguredPrice> prices = ConfiguredPrice.DEFAULTS;
        private Duration retryInitial = Duration.ofSeconds(1);
        private Duration retryMax = Duration.ofMinutes(5);
        private int maxAttempts = 12;
        private Duration deliveryTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private PrintStream log;

        private Builder() {
        }

        /** Default 127.0.0.1. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Default 0: a free port (read it back with {@link LocalStripe#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The only API key accepted. Default {@value LocalStripe#DEFAULT_API_KEY}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey);
            return this;
        }

        /** Where events are POSTed. Default none: events are recorded, not sent. */
        public Builder webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        /** The signing secret. Default: a random {@code whsec_…} (read it back with {@link LocalStripe#webhookSecret()}). */
        public Builder webhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
            return this;
        }

        /** A JSON file the state is saved to (shortly after each change, and on stop) and read from at start. */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile;
            return this;
        }

        /** Default {@link ConfiguredPrice#DEFAULTS}. */
        public Builder prices(List<ConfiguredPrice> prices) {
            if (prices.isEmpty()) {
                throw new IllegalArgumentException("at least one price");
            }
            this.prices = List.copyOf(prices);
            return this;
        }

        /**
         * Webhook retries: after the n-th failed attempt the next comes {@code initial × 2^(n−1)} later (at most
         * {@code max}); after {@code maxAttempts} attempts the delivery is {@code failed}. Defaults 1 s, 5 min, 12.
         */
        public Builder retries(Duration initial, Duration max, int maxAttempts) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
                throw new IllegalArgumentException("retries: 0 < initial <= max, maxAttempts >= 1");
            }
            this.retryInitial = initial;
            this.retryMax = max;
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Connect and answer timeout of one webhook attempt. Default 10 s. */
        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = timeout;
            return this;
        }

        /** Default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** One line per request and webhook attempt. Default none. */
        public Builder log(PrintStream log) {
            this.log = log;
            return this;
        }

        public LocalStripe start() {
            String secret = webhookSecret != null ? webhookSecret : "whsec_" + Ids.hex(24);
            return new LocalStripe(new Settings(host, port, apiKey, webhookUrl, secret, stateFile, prices,
                    retryInitial, retryMax, maxAttempts, deliveryTimeout, clock, log));
        }
    }
}
