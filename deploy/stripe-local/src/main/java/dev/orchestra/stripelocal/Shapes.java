package dev.orchestra.stripelocal;

import static dev.orchestra.stripelocal.Json.arr;
import static dev.orchestra.stripelocal.Json.obj;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Stripe's objects as API version {@value LocalStripe#API_VERSION} renders them (field names and types
 * as in stripe-java 33.3.0's model classes). Fields the local server has no use for are present with
 * Stripe's default value (mostly null), as Stripe writes every field.
 */
final class Shapes {

    static final String LIST = "list";

    private Shapes() {
    }

    static JsonObject customer(String id, long created, String email, String name, String description,
            String phone, Map<String, String> metadata) {
        return obj("id", id, "object", "customer", "address", null, "balance", 0, "created", created,
                "currency", null, "default_source", null, "delinquent", false, "description", description,
                "discount", null, "email", email, "invoice_prefix", Ids.invoicePrefix(),
                "invoice_settings", obj("custom_fields", null, "default_payment_method", null, "footer", null,
                        "rendering_options", null),
                "livemode", false, "metadata", metadata, "name", name, "next_invoice_sequence", 1,
                "phone", phone, "preferred_locales", arr(), "shipping", null, "tax_exempt", "none",
                "test_clock", null);
    }

    static JsonObject deleted(String id, String object) {
        return obj("id", id, "object", object, "deleted", true);
    }

    static JsonObject product(ConfiguredPrice p, String defaultPrice, long created) {
        return obj("id", p.productId(), "object", "product", "active", true, "created", created,
                "default_price", defaultPrice, "description", null, "images", arr(), "livemode", false,
                "marketing_features", arr(), "metadata", obj(), "name", p.product(), "package_dimensions", null,
                "shippable", null, "statement_descriptor", null, "tax_code", null, "type", "service",
                "unit_label", null, "updated", created, "url", null);
    }

    static JsonObject price(ConfiguredPrice p, long created) {
        return obj("id", p.id(), "object", "price", "active", true, "billing_scheme", "per_unit",
                "created", created, "currency", p.currency(), "custom_unit_amount", null, "livemode", false,
                "lookup_key", null, "metadata", obj(), "nickname", null, "product", p.productId(),
                "recurring", obj("interval", p.interval(), "interval_count", 1, "meter", null,
                        "trial_period_days", null, "usage_type", "licensed"),
                "tax_behavior", "unspecified", "tiers_mode", null, "transform_quantity", null, "type", "recurring",
                "unit_amount", p.amount(), "unit_amount_decimal", Long.toString(p.amount()));
    }

    /** The legacy plan object Stripe still renders next to the price on subscription items. */
    static JsonObject plan(JsonObject price) {
        JsonObject recurring = price.getAsJsonObject("recurring");
        return obj("id", price.get("id"), "object", "plan", "active", true, "amount", price.get("unit_amount"),
                "amount_decimal", price.get("unit_amount_decimal"), "billing_scheme", "per_unit",
                "created", price.get("created"), "currency", price.get("currency"),
                "interval", recurring.get("interval"), "interval_count", recurring.get("interval_count"),
                "livemode", false, "metadata", obj(), "meter", null, "nickname", price.get("nickname"),
                "product", price.get("product"), "tiers_mode", null, "transform_usage", null,
                "trial_period_days", null, "usage_type", "licensed");
    }

    static JsonObject list(JsonArray data, boolean hasMore, String url) {
        return obj("object", LIST, "data", data, "has_more", hasMore, "url", url);
    }

    static JsonObject checkoutSession(String id, long created, String customer, String customerEmail,
            String clientReferenceId, long amount, String currency, String successUrl, String cancelUrl,
            Map<String, String> metadata, String locale, Boolean allowPromotionCodes, String url) {
        return obj("id", id, "object", "checkout.session", "adaptive_pricing", obj("enabled", false),
                "after_expiration", null, "allow_promotion_codes", allowPromotionCodes,
                "amount_subtotal", amount, "amount_total", amount,
                "automatic_tax", obj("enabled", false, "liability", null, "provider", null, "status", null),
                "billing_address_collection", null, "cancel_url", cancelUrl,
                "client_reference_id", clientReferenceId, "client_secret", null, "collected_information", null,
                "consent", null, "consent_collection", null, "created", created, "currency", currency,
                "currency_conversion", null, "custom_fields", arr(),
                "custom_text", obj("after_submit", null, "shipping_address", null, "submit", null,
                        "terms_of_service_acceptance", null),
                "customer", customer, "customer_creation", customer == null ? "always" : null,
                "customer_details", null, "customer_email", customerEmail, "discounts", arr(),
                "expires_at", created + 24 * 3600, "invoice", null, "invoice_creation", null, "livemode", false,
                "locale", locale, "metadata", metadata, "mode", "subscription", "origin_context", null,
                "payment_intent", null, "payment_link", null, "payment_method_collection", "always",
                "payment_method_configuration_details", null, "payment_method_options", obj(),
                "payment_method_types", arr("card"), "payment_status", "unpaid", "permissions", null,
                "phone_number_collection", obj("enabled", false), "presentment_details", null,
                "recovered_from", null, "saved_payment_method_options", null, "setup_intent", null,
                "shipping_address_collection", null, "shipping_cost", null, "shipping_options", arr(),
                "status", "open", "submit_type", null, "subscription", null, "success_url", successUrl,
                "total_details", obj("amount_discount", 0, "amount_shipping", 0, "amount_tax", 0),
                "ui_mode", "hosted", "url", url, "wallet_options", null);
    }

    static JsonObject customerDetails(String email, String name) {
        return obj("address", null, "business_name", null, "email", email, "individual_name", null, "name", name,
                "phone", null, "tax_exempt", "none", "tax_ids", arr());
    }

    /** One line of a checkout session ({@code expand[]=line_items}). */
    static JsonObject checkoutLine(JsonObject price, long quantity, String description) {
        long amount = price.get("unit_amount").getAsLong() * quantity;
        return obj("id", Ids.next("li"), "object", "item", "amount_discount", 0, "amount_subtotal", amount,
                "amount_tax", 0, "amount_total", amount, "currency", price.get("currency"),
                "description", description, "metadata", obj(), "price", price, "quantity", quantity);
    }

    /** A checkout session's line items as a list (kept internally, shown on {@code expand[]=line_items}). */
    static JsonObject lineItems(JsonObject session) {
        return list(session.getAsJsonArray("_line_items").deepCopy(), false,
                "/v1/checkout/sessions/" + session.get("id").getAsString() + "/line_items");
    }

    static JsonObject portalSession(String id, long created, String customer, String returnUrl, String url,
            String configuration, String locale) {
        return obj("id", id, "object", "billing_portal.session", "configuration", configuration,
                "created", created, "customer", customer, "flow", null, "livemode", false, "locale", locale,
                "on_behalf_of", null, "return_url", returnUrl, "url", url);
    }

    static JsonObject subscription(String id, long created, String customer, String currency,
            JsonObject item, Map<String, String> metadata) {
        return obj("id", id, "object", "subscription", "application", null, "application_fee_percent", null,
                "automatic_tax", obj("disabled_reason", null, "enabled", false, "liability", null),
                "billing_cycle_anchor", created, "billing_cycle_anchor_config", null,
                "billing_mode", obj("flexible", obj("proration_discounts", "included"), "type", "flexible",
                        "updated_at", null),
                "billing_thresholds", null, "cancel_at", null, "cancel_at_period_end", false, "canceled_at", null,
                "cancellation_details", obj("comment", null, "feedback", null, "reason", null),
                "collection_method", "charge_automatically", "created", created, "currency", currency,
                "customer", customer, "days_until_due", null, "default_payment_method", null,
                "default_source", null, "default_tax_rates", arr(), "description", null, "discounts", arr(),
                "ended_at", null,
                "invoice_settings", obj("account_tax_ids", null, "issuer", obj("type", "self")),
                "items", obj("object", LIST, "data", arr(item), "has_more", false, "total_count", 1,
                        "url", "/v1/subscription_items?subscription=" + id),
                "latest_invoice", null, "livemode", false, "metadata", metadata,
                "next_pending_invoice_item_invoice", null, "on_behalf_of", null, "pause_collection", null,
                "payment_settings", obj("payment_method_options", null, "payment_method_types", null,
                        "save_default_payment_method", "off"),
                "pending_invoice_item_interval", null, "pending_setup_intent", null, "pending_update", null,
                "schedule", null, "start_date", created, "status", "incomplete", "test_clock", null,
                "transfer_data", null, "trial_end", null,
                "trial_settings", obj("end_behavior", obj("missing_payment_method", "create_invoice")),
                "trial_start", null);
    }

    static JsonObject subscriptionItem(String subscription, long created, JsonObject price, long quantity,
            long periodStart, long periodEnd) {
        return obj("id", Ids.next("si"), "object", "subscription_item", "billing_thresholds", null,
                "created", created, "current_period_end", periodEnd, "current_period_start", periodStart,
                "discounts", arr(), "metadata", obj(), "plan", plan(price), "price", price, "quantity", quantity,
                "subscription", subscription, "tax_rates", arr());
    }

    /**
     * A draft invoice for one subscription item. As at Stripe, {@code period_start}/{@code period_end} of a
     * subscription invoice are the period that just ended (both equal to creation on the first invoice);
     * the service period being paid for is on the line ({@code lines.data[0].period}).
     */
    static JsonObject invoice(String id, long created, JsonObject customer, JsonObject subscription,
            JsonObject item, String billingReason, long periodStart, long periodEnd, String description) {
        JsonObject price = item.getAsJsonObject("price");
        long quantity = item.get("quantity").getAsLong();
        long amount = price.get("unit_amount").getAsLong() * quantity;
        String currency = price.get("currency").getAsString();
        String sub = subscription.get("id").getAsString();
        JsonObject line = obj("id", Ids.next("il"), "object", "line_item", "amount", amount, "currency", currency,
                "description", description, "discount_amounts", arr(), "discountable", true, "discounts", arr(),
                "invoice", id, "livemode", false, "metadata", obj(),
                "parent", obj("invoice_item_details", null,
                        "subscription_item_details", obj("invoice_item", null, "proration", false,
                                "proration_details", obj("credited_items", null), "subscription", sub,
                                "subscription_item", item.get("id")),
                        "type", "subscription_item_details"),
                "period", obj("end", item.get("current_period_end"), "start", item.get("current_period_start")),
                "pretax_credit_amounts", arr(),
                "pricing", obj("price_details", obj("price", price.get("id"), "product", price.get("product")),
                        "type", "price_details", "unit_amount_decimal", price.get("unit_amount_decimal")),
                "quantity", quantity, "subtotal", amount, "taxes", arr());
        return obj("id", id, "object", "invoice", "account_country", "US", "account_name", "Orchestra (local Stripe)",
                "account_tax_ids", null, "amount_due", amount, "amount_overpaid", 0, "amount_paid", 0,
                "amount_paid_off_stripe", 0, "amount_remaining", amount, "amount_shipping", 0, "application", null,
                "attempt_count", 0, "attempted", false, "auto_advance", true,
                "automatic_tax", obj("disabled_reason", null, "enabled", false, "liability", null, "provider", null,
                        "status", null),
                "automatically_finalizes_at", created + 3600, "billing_reason", billingReason,
                "collection_method", "charge_automatically", "confirmation_secret", null, "created", created,
                "currency", currency, "custom_fields", null, "customer", customer.get("id"),
                "customer_address", null, "customer_email", customer.get("email"),
                "customer_name", customer.get("name"), "customer_phone", customer.get("phone"),
                "customer_shipping", null, "customer_tax_exempt", "none", "customer_tax_ids", arr(),
                "default_payment_method", null, "default_source", null, "default_tax_rates", arr(),
                "description", null, "discounts", arr(), "due_date", null, "effective_at", null,
                "ending_balance", null, "footer", null, "from_invoice", null, "hosted_invoice_url", null,
                "invoice_pdf", null, "issuer", obj("type", "self"), "last_finalization_error", null,
                "latest_revision", null,
                "lines", obj("object", LIST, "data", arr(line), "has_more", false, "total_count", 1,
                        "url", "/v1/invoices/" + id + "/lines"),
                "livemode", false, "metadata", obj(), "next_payment_attempt", null, "number", null,
                "on_behalf_of", null,
                "parent", obj("quote_details", null,
                        "subscription_details", obj("metadata", subscription.get("metadata").deepCopy(),
                                "subscription", sub),
                        "type", "subscription_details"),
                "payment_settings", obj("default_mandate", null, "payment_method_options", null,
                        "payment_method_types", null),
                "period_end", periodEnd, "period_start", periodStart, "post_payment_credit_notes_amount", 0,
                "pre_payment_credit_notes_amount", 0, "receipt_number", null, "rendering", null,
                "shipping_cost", null, "shipping_details", null, "starting_balance", 0,
                "statement_descriptor", null, "status", "draft",
                "status_transitions", obj("finalized_at", null, "marked_uncollectible_at", null, "paid_at", null,
                        "voided_at", null),
                "subtotal", amount, "subtotal_excluding_tax", amount, "test_clock", null, "threshold_reason", null,
                "total", amount, "total_discount_amounts", arr(), "total_excluding_tax", amount,
                "total_pretax_credit_amounts", arr(), "total_taxes", arr(), "webhooks_delivered_at", null);
    }

    static JsonObject event(String id, String type, long created, JsonObject object, JsonObject previous,
            String requestId, String idempotencyKey, int pendingWebhooks) {
        JsonObject data = obj("object", object);
        if (previous != null) {
            data.add("previous_attributes", previous);
        }
        return obj("id", id, "object", "event", "api_version", LocalStripe.API_VERSION, "created", created,
                "data", data, "livemode", false, "pending_webhooks", pendingWebhooks,
                "request", obj("id", requestId, "idempotency_key", idempotencyKey), "type", type);
    }
}
