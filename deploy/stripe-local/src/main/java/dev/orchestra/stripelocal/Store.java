package dev.orchestra.stripelocal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything the server knows: Stripe objects by id (in creation order), events with their deliveries,
 * and the answers kept for idempotency keys. One lock (this object) guards it all; the optional state
 * file is rewritten from it shortly after each change.
 */
final class Store {

    private static final int FORMAT = 1;

    private final Map<String, JsonObject> objects = new LinkedHashMap<>();
    private final Map<String, EventRecord> events = new LinkedHashMap<>();
    final Map<String, Idempotency.Answer> answers = new LinkedHashMap<>();
    private final Path file;
    private boolean dirty;

    Store(Path file) {
        this.file = file;
    }

    synchronized JsonObject get(String id) {
        return id == null ? null : objects.get(id);
    }

    /** The object with that id if it is of that kind ({@code object} field), else null. */
    synchronized JsonObject get(String id, String kind) {
        JsonObject o = get(id);
        return o != null && kind.equals(Json.str(o, "object")) ? o : null;
    }

    synchronized void put(JsonObject o) {
        objects.put(o.get("id").getAsString(), o);
        dirty = true;
    }

    /** Objects of a kind, newest first (Stripe's list order). */
    synchronized List<JsonObject> all(String kind, Predicate<JsonObject> filter) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject o : objects.values()) {
            if (kind.equals(Json.str(o, "object")) && filter.test(o)) {
                out.add(0, o);
            }
        }
        return out;
    }

    synchronized void add(EventRecord r) {
        events.put(r.id(), r);
        dirty = true;
    }

    synchronized EventRecord event(String id) {
        return events.get(id);
    }

    /** Events, newest first. */
    synchronized List<EventRecord> events() {
        List<EventRecord> out = new ArrayList<>(events.values());
        java.util.Collections.reverse(out);
        return out;
    }

    synchronized void changed() {
        dirty = true;
    }

    /** Forgets customers, sessions, subscriptions, invoices, events and idempotency keys; keeps prices and products. */
    synchronized void clear() {
        objects.values().removeIf(o -> {
            String kind = Json.str(o, "object");
            return !"price".equals(kind) && !"product".equals(kind);
        });
        events.clear();
        answers.clear();
        dirty = true;
    }

    /** Reads the state file if there is one; objects of the configuration (prices) are put again afterwards. */
    synchronized void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
            if (root.get("format").getAsInt() != FORMAT) {
                throw new IllegalStateException("state file " + file + " has an unknown format");
            }
            for (JsonElement e : root.getAsJsonArray("objects")) {
                put(e.getAsJsonObject());
            }
            for (JsonElement e : root.getAsJsonArray("events")) {
                add(EventRecord.fromJson(e.getAsJsonObject()));
            }
            for (JsonElement e : root.getAsJsonArray("idempotency")) {
                Idempotency.Answer a = Idempotency.Answer.fromJson(e.getAsJsonObject());
                answers.put(a.key(), a);
            }
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + file, e);
        }
    }

    /** Writes the state file (atomically: a temporary file moved over it) if anything changed since the last write. */
    void saveIfChanged() {
        if (file == null) {
            return;
        }
        String text;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            JsonArray os = new JsonArray();
            objects.values().forEach(os::add);
            JsonArray es = new JsonArray();
            events.values().forEach(r -> es.add(r.toJson()));
            JsonArray as = new JsonArray();
            answers.values().forEach(a -> as.add(a.toJson()));
            text = Json.COMPACT.toJson(Json.obj("format", FORMAT, "objects", os, "events", es, "idempotency", as));
            dirty = false;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            System.err.println("local Stripe: cannot write state file " + file + ": " + e);
        }
    }
}
