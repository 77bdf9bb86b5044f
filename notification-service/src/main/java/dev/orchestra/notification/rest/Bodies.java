package dev.orchestra.notification.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.notification.service.PreferencesView;
import dev.orchestra.platform.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies of this service's API (snake_case on the wire). */
final class Bodies {

    private Bodies() {
    }

    /** {@code {"product_updates": true, "billing_receipts": false}}. */
    record PreferencesBody(boolean productUpdates, boolean billingReceipts) {
        static PreferencesBody of(PreferencesView view) {
            return new PreferencesBody(view.productUpdates(), view.billingReceipts());
        }
    }

    /**
     * A partial update: an absent field stays as it is ({@code null} here); a present one must be
     * true or false — {@code null}, a string, a number is a 422 naming the field. Read from the JSON
     * tree, because a record cannot tell an absent field from a {@code null} one.
     */
    record PreferencesUpdate(Boolean productUpdates, Boolean billingReceipts) {

        static PreferencesUpdate of(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw ApiException.invalid("body", "Expected an object");
            }
            Map<String, String> problems = new LinkedHashMap<>();
            Boolean productUpdates = flag(body, "product_updates", problems);
            Boolean billingReceipts = flag(body, "billing_receipts", problems);
            if (!problems.isEmpty()) {
                throw ApiException.invalid(problems);
            }
            return new PreferencesUpdate(productUpdates, billingReceipts);
        }

        private static Boolean flag(JsonNode body, String field, Map<String, String> problems) {
            if (!body.has(field)) {
                return null;
            }
            JsonNode value = body.get(field);
            if (!value.isBoolean()) {
                problems.put(field, "Expected true or false");
                return null;
            }
            return value.booleanValue();
        }
    }
}
