package dev.orchestra.stripelocal;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers events to the webhook URL from one background thread, signed as Stripe signs them, retrying a
 * non-2xx answer or a connection failure with exponential backoff until the attempts run out. API threads
 * only enqueue. One thread keeps the first deliveries in the order the events were made; a retried one
 * arrives later than its successors, as at Stripe.
 */
final class WebhookSender {

    private final Store store;
    private final Supplier<String> url;
    private final String secret;
    private final Settings settings;
    private final Clock clock;
    private final PrintStream log;
    private final HttpClient http;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-stripe-webhooks");
        t.setDaemon(true);
        return t;
    });

    WebhookSender(Store store, Supplier<String> url, Settings settings, Clock clock, PrintStream log) {
        this.store = store;
        this.url = url;
        this.secret = settings.webhookSecret();
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.deliveryTimeout()).build();
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>}: Stripe's Stripe-Signature header. */
    static String signature(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a new delivery of the event (its first one, or a resend). Call with the store's lock held. */
    void deliver(EventRecord record) {
        if (url.get() == null) {
            record.deliveries.add(new EventRecord.Delivery(EventRecord.SKIPPED, 0));
            return;
        }
        EventRecord.Delivery d = new EventRecord.Delivery(EventRecord.PENDING, clock.millis());
        record.deliveries.add(d);
        schedule(record, d, 0);
    }

    /** Picks up the deliveries a previous run left open (state file). */
    void resume() {
        synchronized (store) {
            long now = clock.millis();
            for (EventRecord r : store.events()) {
                for (EventRecord.Delivery d : r.deliveries) {
                    if (d.open()) {
                        schedule(r, d, Math.max(0, d.nextAttemptAt - now));
                    }
                }
            }
        }
    }

    private void schedule(EventRecord record, EventRecord.Delivery d, long delayMillis) {
        if (!thread.isShutdown()) {
            thread.schedule(() -> attempt(record, d), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(EventRecord record, EventRecord.Delivery d) {
        String target = url.get();
        String payload;
        int number;
        synchronized (store) {
            if (!d.open()) {
                return;
            }
            if (target == null) {
                d.status = EventRecord.SKIPPED;
                store.changed();
                return;
            }
            number = ++d.attempts;
            payload = Json.GSON.toJson(record.event);
        }
        String error;
        try {
            String header = signature(secret, clock.millis() / 1000, payload);
            HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(settings.deliveryTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .header("Stripe-Signature", header)
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            error = status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the delivery stays open for a restart with a state file
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long delay = 0;
        synchronized (store) {
            d.lastError = error == null ? d.lastError : error;
            if (error == null) {
                d.status = EventRecord.DELIVERED;
                record.event.addProperty("pending_webhooks", 0);
            } else if (number >= settings.maxAttempts()) {
                d.status = EventRecord.FAILED;
            } else {
                d.status = EventRecord.RETRYING;
                delay = backoff(number);
                d.nextAttemptAt = clock.millis() + delay;
            }
            store.changed();
        }
        if (log != null) {
            log.printf("webhook %s %s attempt %d → %s%n", record.id(), record.type(), number,
                    error == null ? "delivered" : error + (d.status.equals(EventRecord.FAILED) ? ", giving up"
                            : ", retrying in " + delay + " ms"));
        }
        if (error != null && d.status.equals(EventRecord.RETRYING)) {
            schedule(record, d, delay);
        }
    }

    /** initial × 2^(attempt−1), at most the configured maximum. */
    long backoff(int failedAttempts) {
        long initial = settings.retryInitial().toMillis();
        long max = settings.retryMax().toMillis();
        long delay = initial << Math.min(failedAttempts - 1, 30);
        return delay <= 0 || delay > max ? max : delay;
    }

    void stop() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
