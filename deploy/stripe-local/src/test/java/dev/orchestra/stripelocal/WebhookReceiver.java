package dev.orchestra.stripelocal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook endpoint for tests: records every delivery and answers the statuses it is told (200 otherwise). */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as received. */
    record Delivery(String payload, String signature, String contentType, Instant at) {
        JsonObject json() {
            return JsonParser.parseString(payload).getAsJsonObject();
        }

        String eventId() {
            return json().get("id").getAsString();
        }

        String type() {
            return json().get("type").getAsString();
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/stripe", ex -> {
            String payload = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Integer status = statuses.poll();
            // Recorded before answering: a test that waits for the delivery then sees the sender's
            // bookkeeping of it once the answer is in.
            deliveries.add(new Delivery(payload, ex.getRequestHeaders().getFirst("Stripe-Signature"),
                    ex.getRequestHeaders().getFirst("Content-Type"), Instant.now()));
            ex.sendResponseHeaders(status == null ? 200 : status, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    /** The next deliveries get these statuses, in order; then 200 again. */
    void answerNext(Integer... codes) {
        statuses.addAll(List.of(codes));
    }

    void delay(Duration d) {
        this.delay = d;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<Delivery> of(String eventId) {
        return deliveries.stream().filter(d -> d.eventId().equals(eventId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
