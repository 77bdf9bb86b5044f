package dev.orchestra.stripelocal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Collection;
import java.util.Map;

/** JSON as Stripe writes it: every field present (nulls included), pretty-printed, no HTML escaping. */
final class Json {

    static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create();
    static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /** Fields whose name starts with this are the local server's own bookkeeping, never shown. */
    static final String INTERNAL = "_";

    private Json() {
    }

    /** An object from alternating names and values (String, Number, Boolean, null, JsonElement, Map, Collection). */
    static JsonObject obj(Object... namesAndValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            o.add((String) namesAndValues[i], of(namesAndValues[i + 1]));
        }
        return o;
    }

    static JsonArray arr(Object... values) {
        JsonArray a = new JsonArray();
        for (Object v : values) {
            a.add(of(v));
        }
        return a;
    }

    static JsonElement of(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement e) {
            return e;
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, val) -> o.add(String.valueOf(k), of(val)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(of(x)));
            return a;
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }

    static String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static Long lng(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsLong();
    }

    static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }

    static JsonObject child(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsJsonObject();
    }

    /** The object as the API shows it: a deep copy without the internal fields. */
    static JsonObject publicView(JsonObject o) {
        JsonObject copy = o.deepCopy();
        copy.keySet().removeIf(k -> k.startsWith(INTERNAL));
        return copy;
    }

    /** Top-level fields of {@code before} whose value differs in {@code after}: Stripe's previous_attributes. */
    static JsonObject changed(JsonObject before, JsonObject after) {
        JsonObject previous = new JsonObject();
        for (String k : before.keySet()) {
            if (!k.startsWith(INTERNAL) && !before.get(k).equals(after.get(k))) {
                previous.add(k, before.get(k).deepCopy());
            }
        }
        return previous;
    }
}
