package dev.orchestra.stripelocal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** An event and its webhook deliveries (the first one and one per resend). Guarded by the store's lock. */
final class EventRecord {

    static final String PENDING = "pending";
    static final String RETRYING = "retrying";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String SKIPPED = "skipped";

    final JsonObject event;
    final List<Delivery> deliveries = new ArrayList<>();

    EventRecord(JsonObject event) {
        this.event = event;
    }

    /** One delivery of the event: attempts until a 2xx answer or until the sender gives up. */
    static final class Delivery {
        String status;
        int attempts;
        String lastError;
        /** Epoch millis of the next attempt while pending or retrying. */
        long nextAttemptAt;

        Delivery(String status, long nextAttemptAt) {
            this.status = status;
            this.nextAttemptAt = nextAttemptAt;
        }

        boolean open() {
            return status.equals(PENDING) || status.equals(RETRYING);
        }
    }

    String id() {
        return event.get("id").getAsString();
    }

    String type() {
        return event.get("type").getAsString();
    }

    long created() {
        return event.get("created").getAsLong();
    }

    Delivery latest() {
        return deliveries.isEmpty() ? null : deliveries.get(deliveries.size() - 1);
    }

    String status() {
        Delivery d = latest();
        return d == null ? SKIPPED : d.status;
    }

    /** Whether every webhook of the event got through: what {@code delivery_success} filters on. */
    boolean deliverySucceeded() {
        return deliveries.isEmpty() || deliveries.stream().anyMatch(d -> d.status.equals(DELIVERED)
                || d.status.equals(SKIPPED));
    }

    SentEvent view() {
        int attempts = deliveries.stream().mapToInt(d -> d.attempts).sum();
        String lastError = null;
        for (Delivery d : deliveries) {
            if (d.lastError != null) {
                lastError = d.lastError;
            }
        }
        return new SentEvent(id(), type(), created(), status(), attempts, deliveries.size(), lastError,
                Json.GSON.toJson(event));
    }

    JsonObject toJson() {
        JsonArray ds = new JsonArray();
        for (Delivery d : deliveries) {
            ds.add(Json.obj("status", d.status, "attempts", d.attempts, "last_error", d.lastError,
                    "next_attempt_at", d.nextAttemptAt));
        }
        return Json.obj("event", event, "deliveries", ds);
    }

    static EventRecord fromJson(JsonObject o) {
        EventRecord r = new EventRecord(o.getAsJsonObject("event"));
        for (var e : o.getAsJsonArray("deliveries")) {
            JsonObject d = e.getAsJsonObject();
            Delivery delivery = new Delivery(Json.str(d, "status"), Json.lng(d, "next_attempt_at"));
            delivery.attempts = d.get("attempts").getAsInt();
            delivery.lastError = Json.str(d, "last_error");
            r.deliveries.add(delivery);
        }
        return r;
    }
}
