package dev.orchestra.stripelocal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/** Stripe's {@code expand[]}: id fields replaced by the objects they name, on a copy made under the store's lock. */
final class Expansion {

    private final Store store;

    Expansion(Store store) {
        this.store = store;
    }

    /**
     * The object as the API shows it (internal fields left out), with id fields expanded into their objects
     * ({@code expand[]=subscription}, {@code expand[]=line_items}, {@code expand[]=items.data.price.product}).
     */
    JsonObject view(JsonObject stored, List<String> paths) {
        synchronized (store) {
            JsonObject view = Json.publicView(stored);
            for (String path : paths) {
                if (path.equals("line_items") && Billing.CHECKOUT_SESSION.equals(Json.str(view, "object"))) {
                    view.add("line_items", Shapes.lineItems(stored));
                    continue;
                }
                expandPath(view, path, path, 0);
            }
            return view;
        }
    }

    private void expandPath(JsonObject o, String path, String full, int depth) {
        if (depth > 4) {
            throw ApiError.invalid("expand", "You cannot expand more than 4 levels of a property (" + full + ").");
        }
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        JsonElement v = o.get(head);
        if (v == null) {
            throw ApiError.invalid("expand", "This property cannot be expanded (" + full + ").");
        }
        if (v.isJsonPrimitive()) {
            JsonObject target = store.get(v.getAsString());
            if (target == null) {
                throw ApiError.invalid("expand", "This property cannot be expanded (" + full + ").");
            }
            v = Json.publicView(target);
            o.add(head, v);
        }
        if (rest == null || v.isJsonNull()) {
            return;
        }
        if (v.isJsonArray()) {
            for (JsonElement e : (JsonArray) v) {
                if (e.isJsonObject()) {
                    expandPath(e.getAsJsonObject(), rest, full, depth + 1);
                }
            }
        } else if (v.isJsonObject()) {
            expandPath(v.getAsJsonObject(), rest, full, depth + 1);
        }
    }
}
