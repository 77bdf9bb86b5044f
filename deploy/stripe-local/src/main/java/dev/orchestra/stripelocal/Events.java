package dev.orchestra.stripelocal;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Makes events (snapshots of objects at the moment of a change), keeps them, and hands them to the sender. */
final class Events {

    /** What caused a change: an API request (its id and idempotency key, shown in the event's request) or not. */
    record Origin(String requestId, String idempotencyKey) {
        static final Origin NONE = new Origin(null, null);
    }

    /** One operation's events, in the order they were made. */
    final class Run {
        final Origin origin;
        final List<String> ids = new ArrayList<>();

        Run(Origin origin) {
            this.origin = origin;
        }

        void emit(String type, JsonObject object) {
            emit(type, object, null);
        }

        /** Emits {@code type} with a snapshot of {@code object}; previous: the changed fields' old values. */
        void emit(String type, JsonObject object, JsonObject previous) {
            ids.add(Events.this.emit(type, object, previous, origin));
        }
    }

    private final Store store;
    private final WebhookSender sender;
    private final Supplier<String> webhookUrl;
    private final Clock clock;

    Events(Store store, WebhookSender sender, Supplier<String> webhookUrl, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.webhookUrl = webhookUrl;
        this.clock = clock;
    }

    Run run(Origin origin) {
        return new Run(origin);
    }

    private String emit(String type, JsonObject object, JsonObject previous, Origin origin) {
        synchronized (store) {
            JsonObject event = Shapes.event(Ids.next("evt"), type, clock.millis() / 1000, Json.publicView(object),
                    previous == null || previous.size() == 0 ? null : previous, origin.requestId(),
                    origin.idempotencyKey(), webhookUrl.get() == null ? 0 : 1);
            EventRecord record = new EventRecord(event);
            store.add(record);
            sender.deliver(record);
            return record.id();
        }
    }

    /** A duplicate delivery of an event already sent: same id, same payload. */
    void resend(String eventId) {
        synchronized (store) {
            EventRecord record = store.event(eventId);
            if (record == null) {
                throw ApiError.noSuch("event", eventId, "event", true);
            }
            sender.deliver(record);
            store.changed();
        }
    }
}
