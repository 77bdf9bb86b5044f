package dev.orchestra.stripelocal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.orchestra.stripelocal.Events.Origin;
import dev.orchestra.stripelocal.Events.Run;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Stripe does with customers, checkout, subscriptions and invoices, reduced to one recurring price per
 * subscription and a card that pays unless told otherwise. Every change is made under the store's lock and
 * emits the events Stripe would emit, in Stripe's order.
 */
final class Billing {

    static final String CUSTOMER = "customer";
    static final String CHECKOUT_SESSION = "checkout.session";
    static final String PORTAL_SESSION = "billing_portal.session";
    static final String SUBSCRIPTION = "subscription";
    static final String INVOICE = "invoice";
    static final String PRICE = "price";
    static final String PRODUCT = "product";

    /** The one billing-portal configuration there is (Stripe's default configuration). */
    static final String PORTAL_CONFIGURATION = "bpc_1LocalStripeDefaultConfg";

    private static final Set<String> LIVE = Set.of("active", "trialing", "past_due", "unpaid", "incomplete");
    private static final Set<String> FEEDBACK = Set.of("customer_service", "low_quality", "missing_features",
            "other", "switched_service", "too_complex", "too_expensive", "unused");

    private final Store store;
    private final Events events;
    private final Clock clock;
    private final String baseUrl;
    private final Invoices invoices;
    private final Expansion expansion;

    Billing(Store store, Events events, Clock clock, String baseUrl) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.invoices = new Invoices(store, clock, baseUrl);
        this.expansion = new Expansion(store);
    }

    long now() {
        return clock.millis() / 1000;
    }

    /** Puts the configured prices and their products (again, over a state file's copies). */
    void seed(List<ConfiguredPrice> prices) {
        synchronized (store) {
            long created = now();
            Map<String, String> firstPrice = new LinkedHashMap<>();
            for (ConfiguredPrice p : prices) {
                firstPrice.putIfAbsent(p.productId(), p.id());
                store.put(Shapes.price(p, created));
            }
            for (ConfiguredPrice p : prices) {
                if (firstPrice.get(p.productId()).equals(p.id())) {
                    store.put(Shapes.product(p, p.id(), created));
                }
            }
        }
    }

    // ---- customers -----------------------------------------------------------------------------------

    JsonObject createCustomer(Params p, Origin origin) {
        p.only("email", "name", "description", "phone", "metadata");
        synchronized (store) {
            JsonObject c = Shapes.customer("cus_" + Ids.random(14), now(), p.text("email"), p.text("name"),
                    p.text("description"), p.text("phone"), metadata(null, p.stringMap("metadata")));
            store.put(c);
            events.run(origin).emit("customer.created", c);
            return c;
        }
    }

    JsonObject updateCustomer(String id, Params p, Origin origin) {
        p.only("email", "name", "description", "phone", "metadata");
        synchronized (store) {
            JsonObject c = liveCustomer(id, null);
            JsonObject before = c.deepCopy();
            for (String field : List.of("email", "name", "description", "phone")) {
                if (p.has(field)) {
                    c.add(field, Json.of(p.text(field)));
                }
            }
            if (p.has("metadata")) {
                c.add("metadata", Json.of(metadata(c.getAsJsonObject("metadata"), p.stringMap("metadata"))));
            }
            changed(c, before, "customer.updated", events.run(origin));
            return c;
        }
    }

    /** Deletes a customer; as at Stripe, the customer's live subscriptions end at once. */
    JsonObject deleteCustomer(String id, Origin origin) {
        synchronized (store) {
            JsonObject c = liveCustomer(id, null);
            Run run = events.run(origin);
            for (JsonObject sub : store.all(SUBSCRIPTION, s -> id.equals(Json.str(s, CUSTOMER)))) {
                if (LIVE.contains(Json.str(sub, "status"))) {
                    endNow(sub, run);
                }
            }
            store.put(Shapes.deleted(id, CUSTOMER));
            run.emit("customer.deleted", c);
            return Shapes.deleted(id, CUSTOMER);
        }
    }

    JsonObject customer(String id) {
        return found(store.get(id, CUSTOMER), CUSTOMER, id);
    }

    List<JsonObject> customers(Params p) {
        p.only("email", "limit", "starting_after", "ending_before", "created");
        String email = p.text("email");
        return store.all(CUSTOMER, c -> !Json.bool(c, "deleted") && (email == null || email.equals(Json.str(c, "email")))
                && createdMatches(c, p));
    }

    /** The newest live customer with that e-mail (case-insensitive): how the scripted actions find people. */
    JsonObject customerByEmail(String email) {
        List<JsonObject> found = store.all(CUSTOMER, c -> !Json.bool(c, "deleted")
                && email.equalsIgnoreCase(String.valueOf(Json.str(c, "email"))));
        if (found.isEmpty()) {
            throw new ApiError(404, ApiError.INVALID_REQUEST, "resource_missing", "No customer with e-mail '"
                    + email + "'", "email");
        }
        return found.get(0);
    }

    private JsonObject liveCustomer(String id, String param) {
        JsonObject c = store.get(id, CUSTOMER);
        if (c == null || Json.bool(c, "deleted")) {
            throw ApiError.noSuch(CUSTOMER, id, param == null ? "id" : param, param == null);
        }
        return c;
    }

    // ---- checkout --------------------------------------------------------------------------------------

    JsonObject createCheckoutSession(Params p, Origin origin) {
        p.only("mode", "customer", "customer_email", "client_reference_id", "line_items", "success_url",
                "cancel_url", "metadata", "subscription_data", "allow_promotion_codes", "locale");
        String mode = p.require("mode");
        if (!mode.equals("subscription")) {
            throw ApiError.invalid("mode", "The local Stripe implements mode=subscription only, not '" + mode + "'.");
        }
        String customer = p.text("customer");
        String customerEmail = p.text("customer_email");
        if (customer != null && customerEmail != null) {
            throw new ApiError(400, ApiError.INVALID_REQUEST, "parameters_exclusive",
                    "You may only specify one of these parameters: customer, customer_email.", "customer_email");
        }
        String clientReferenceId = p.text("client_reference_id");
        if (clientReferenceId != null && clientReferenceId.length() > 200) {
            throw ApiError.invalid("client_reference_id", "client_reference_id must be at most 200 characters.");
        }
        List<Params> items = p.list("line_items");
        if (items.isEmpty()) {
            throw ApiError.missing("line_items");
        }
        if (items.size() > 1) {
            throw ApiError.invalid("line_items", "The local Stripe implements a single line item per session.");
        }
        Params item = items.get(0);
        item.only("price", "quantity");
        String priceId = item.require("price");
        Long quantity = item.integer("quantity");
        if (quantity == null) {
            quantity = 1L;
        } else if (quantity < 1) {
            throw ApiError.invalid(item.name("quantity"), "Invalid quantity: must be at least 1.");
        }
        Params subscriptionData = p.child("subscription_data");
        Map<String, String> subscriptionMetadata = null;
        if (subscriptionData != null) {
            subscriptionData.only("metadata", "description");
            subscriptionMetadata = subscriptionData.stringMap("metadata");
        }
        synchronized (store) {
            if (customer != null) {
                liveCustomer(customer, CUSTOMER);
            }
            JsonObject price = store.get(priceId, PRICE);
            if (price == null) {
                throw ApiError.noSuch(PRICE, priceId, item.name("price"), false);
            }
            JsonObject product = store.get(Json.str(price, PRODUCT), PRODUCT);
            String id = "cs_test_a1" + Ids.random(56);
            JsonObject line = Shapes.checkoutLine(price, quantity, product == null ? priceId : Json.str(product, "name"));
            JsonObject s = Shapes.checkoutSession(id, now(), customer, customerEmail, clientReferenceId,
                    line.get("amount_total").getAsLong(), Json.str(price, "currency"), p.text("success_url"),
                    p.text("cancel_url"), metadata(null, p.stringMap("metadata")), p.text("locale"),
                    p.bool("allow_promotion_codes"), baseUrl + "/c/pay/" + id);
            s.add("_line_items", Json.arr(line));
            s.add("_subscription_metadata", Json.of(metadata(null, subscriptionMetadata)));
            store.put(s);
            return s;
        }
    }

    JsonObject checkoutSession(String id) {
        return found(store.get(id, CHECKOUT_SESSION), CHECKOUT_SESSION, id);
    }

    /** A session's line items as the list {@code expand[]=line_items} shows. */
    JsonObject lineItems(JsonObject session) {
        synchronized (store) {
            return Shapes.lineItems(session);
        }
    }

    /**
     * The customer pays on the hosted page: the subscription is created (incomplete), its first invoice is
     * created, finalized and paid, the subscription turns active and the session completes.
     */
    Outcome pay(String sessionId) {
        synchronized (store) {
            JsonObject s = store.get(sessionId, CHECKOUT_SESSION);
            if (s == null) {
                throw ApiError.noSuch(CHECKOUT_SESSION, sessionId, "session", true);
            }
            if (!"open".equals(Json.str(s, "status")) || Json.lng(s, "expires_at") < now()) {
                throw ApiError.state("Checkout Session " + sessionId + " is " + (Json.str(s, "status").equals("open")
                        ? "expired" : Json.str(s, "status")) + " and cannot be paid.");
            }
            Run run = events.run(Origin.NONE);
            String customerId = Json.str(s, CUSTOMER);
            JsonObject customer;
            if (customerId == null) {
                customer = Shapes.customer("cus_" + Ids.random(14), now(), Json.str(s, "customer_email"), null, null,
                        null, Map.of());
                customerId = Json.str(customer, "id");
                store.put(customer);
                run.emit("customer.created", customer);
            } else {
                customer = liveCustomer(customerId, CUSTOMER);
            }
            JsonObject line = s.getAsJsonArray("_line_items").get(0).getAsJsonObject();
            JsonObject price = store.get(line.getAsJsonObject(PRICE).get("id").getAsString(), PRICE);
            long now = now();
            String subId = "sub_1" + Ids.random(23);
            String interval = price.getAsJsonObject("recurring").get("interval").getAsString();
            JsonObject item = Shapes.subscriptionItem(subId, now, price, line.get("quantity").getAsLong(), now,
                    Periods.add(now, interval));
            JsonObject sub = Shapes.subscription(subId, now, customerId, Json.str(price, "currency"), item,
                    Map.of());
            sub.add("metadata", s.get("_subscription_metadata").deepCopy());
            JsonObject invoice = invoices.draft(customer, sub, "subscription_create", now, now);
            sub.addProperty("latest_invoice", Json.str(invoice, "id"));
            store.put(sub);
            run.emit("customer.subscription.created", sub);
            store.put(invoice);
            run.emit("invoice.created", invoice);
            invoices.finalizeDraft(invoice, customer, run);
            invoices.pay(invoice, run);
            JsonObject before = sub.deepCopy();
            sub.addProperty("status", "active");
            changed(sub, before, "customer.subscription.updated", run);
            if (customer.get("currency").isJsonNull()) {
                customer.addProperty("currency", Json.str(sub, "currency"));
            }
            s.addProperty("status", "complete");
            s.addProperty("payment_status", "paid");
            s.addProperty(CUSTOMER, customerId);
            s.add("customer_details", Shapes.customerDetails(Json.str(customer, "email"), Json.str(customer, "name")));
            s.addProperty(SUBSCRIPTION, subId);
            s.addProperty(INVOICE, Json.str(invoice, "id"));
            s.add("url", JsonNull.INSTANCE);
            store.changed();
            run.emit("checkout.session.completed", s);
            return new Outcome(customerId, subId, Json.str(invoice, "id"), run.ids);
        }
    }

    // ---- portal ----------------------------------------------------------------------------------------

    JsonObject createPortalSession(Params p, Origin origin) {
        p.only("customer", "return_url", "configuration", "locale");
        String customer = p.require("customer");
        String configuration = p.text("configuration");
        if (configuration != null && !configuration.equals(PORTAL_CONFIGURATION)) {
            throw ApiError.noSuch("billing_portal.configuration", configuration, "configuration", false);
        }
        synchronized (store) {
            liveCustomer(customer, CUSTOMER);
            String id = "bps_1" + Ids.random(23);
            JsonObject s = Shapes.portalSession(id, now(), customer, p.text("return_url"), baseUrl + "/p/session/" + id,
                    PORTAL_CONFIGURATION, p.text("locale"));
            store.put(s);
            events.run(origin).emit("billing_portal.session.created", s);
            return s;
        }
    }

    JsonObject portalSession(String id) {
        return found(store.get(id, PORTAL_SESSION), PORTAL_SESSION, id);
    }

    // ---- subscriptions ---------------------------------------------------------------------------------

    JsonObject subscription(String id) {
        return found(store.get(id, SUBSCRIPTION), SUBSCRIPTION, id);
    }

    List<JsonObject> subscriptions(Params p) {
        p.only("customer", "status", "price", "limit", "starting_after", "ending_before", "created");
        String customer = p.text("customer");
        String status = p.text("status");
        String price = p.text("price");
        return store.all(SUBSCRIPTION, s -> (customer == null || customer.equals(Json.str(s, CUSTOMER)))
                && (status == null ? !Json.str(s, "status").equals("canceled")
                        : status.equals("all") || status.equals(Json.str(s, "status")))
                && (price == null || price.equals(Json.str(item(s).getAsJsonObject(PRICE), "id")))
                && createdMatches(s, p));
    }

    /** {@code cancel_at_period_end}, {@code metadata} and {@code cancellation_details}; nothing else. */
    JsonObject updateSubscription(String id, Params p, Origin origin) {
        p.only("cancel_at_period_end", "metadata", "cancellation_details", "proration_behavior");
        synchronized (store) {
            JsonObject sub = subscription(id);
            if (Json.str(sub, "status").equals("canceled") && p.has("cancel_at_period_end")) {
                throw ApiError.state("A canceled subscription can only update its cancellation_details and metadata.");
            }
            JsonObject before = sub.deepCopy();
            Boolean atPeriodEnd = p.bool("cancel_at_period_end");
            if (atPeriodEnd != null) {
                setCancelAtPeriodEnd(sub, atPeriodEnd);
            }
            if (p.has("metadata")) {
                sub.add("metadata", Json.of(metadata(sub.getAsJsonObject("metadata"), p.stringMap("metadata"))));
            }
            cancellationDetails(sub, p.child("cancellation_details"));
            changed(sub, before, "customer.subscription.updated", events.run(origin));
            return sub;
        }
    }

    /** DELETE /v1/subscriptions/{id}: ends the subscription now. */
    JsonObject cancelSubscription(String id, Params p, Origin origin) {
        p.only("cancellation_details", "invoice_now", "prorate");
        synchronized (store) {
            JsonObject sub = subscription(id);
            if (Json.str(sub, "status").equals("canceled")) {
                throw ApiError.state("Subscription " + id + " is already canceled.");
            }
            cancellationDetails(sub, p.child("cancellation_details"));
            endNow(sub, events.run(origin));
            return sub;
        }
    }

    /** The portal's and the scripts' "cancel at period end" (or its undoing). */
    Outcome cancelAtPeriodEnd(String subscriptionId, boolean atPeriodEnd) {
        synchronized (store) {
            JsonObject sub = subscription(subscriptionId);
            if (!LIVE.contains(Json.str(sub, "status"))) {
                throw ApiError.state("Subscription " + subscriptionId + " is " + Json.str(sub, "status") + ".");
            }
            JsonObject before = sub.deepCopy();
            setCancelAtPeriodEnd(sub, atPeriodEnd);
            Run run = events.run(Origin.NONE);
            changed(sub, before, "customer.subscription.updated", run);
            return outcome(sub, null, run);
        }
    }

    /** The portal's and the scripts' "cancel now". */
    Outcome cancelNow(String subscriptionId) {
        synchronized (store) {
            JsonObject sub = subscription(subscriptionId);
            if (Json.str(sub, "status").equals("canceled")) {
                throw ApiError.state("Subscription " + subscriptionId + " is already canceled.");
            }
            Run run = events.run(Origin.NONE);
            endNow(sub, run);
            return outcome(sub, null, run);
        }
    }

    Outcome cancel(String email, boolean atPeriodEnd) {
        synchronized (store) {
            String id = Json.str(currentSubscription(email), "id");
            return atPeriodEnd ? cancelAtPeriodEnd(id, true) : cancelNow(id);
        }
    }

    /**
     * Time reaches the end of the current period. An active subscription starts its next period with a new,
     * paid invoice; one set to cancel at period end ends; a past-due or unpaid one has its open invoice paid
     * (the retry succeeds) and turns active again.
     */
    Outcome renew(String email) {
        synchronized (store) {
            JsonObject sub = currentSubscription(email);
            Run run = events.run(Origin.NONE);
            String status = Json.str(sub, "status");
            if (Json.bool(sub, "cancel_at_period_end")) {
                JsonObject before = sub.deepCopy();
                sub.addProperty("status", "canceled");
                sub.addProperty("ended_at", item(sub).get("current_period_end").getAsLong());
                store.changed();
                run.emit("customer.subscription.deleted", sub, Json.changed(before, sub));
                return outcome(sub, null, run);
            }
            JsonObject invoice;
            if (status.equals("past_due") || status.equals("unpaid")) {
                invoice = invoices.open(sub);
                invoices.pay(invoice, run);
            } else if (status.equals("active") || status.equals("trialing")) {
                invoice = startNextPeriod(sub, run);
                invoices.pay(invoice, run);
            } else {
                throw ApiError.state("Subscription " + Json.str(sub, "id") + " is " + status + ": nothing to renew.");
            }
            setStatus(sub, "active", run);
            return outcome(sub, invoice, run);
        }
    }

    /**
     * A payment fails. An active subscription reaches its period end and the new invoice's payment fails
     * (the subscription turns past_due, Stripe will retry); a past-due one has its retry fail. With
     * {@code last}, that was the last retry: no next attempt, and the subscription turns unpaid.
     */
    Outcome failPayment(String email, boolean last) {
        synchronized (store) {
            JsonObject sub = currentSubscription(email);
            Run run = events.run(Origin.NONE);
            String status = Json.str(sub, "status");
            JsonObject invoice;
            if (status.equals("active") || status.equals("trialing")) {
                invoice = startNextPeriod(sub, run);
                invoices.fail(invoice, false, run);
                setStatus(sub, "past_due", run);
                if (last) {
                    invoices.fail(invoice, true, run);
                }
            } else if (status.equals("past_due") || status.equals("unpaid")) {
                invoice = invoices.open(sub);
                invoices.fail(invoice, last, run);
            } else {
                throw ApiError.state("Subscription " + Json.str(sub, "id") + " is " + status + ": no payment to fail.");
            }
            if (last) {
                setStatus(sub, "unpaid", run);
            }
            return outcome(sub, invoice, run);
        }
    }

    /** Voids an open invoice (as from the dashboard). */
    Outcome voidInvoice(String invoiceId) {
        synchronized (store) {
            JsonObject invoice = invoice(invoiceId);
            Run run = events.run(Origin.NONE);
            invoices.voidOpen(invoice, run);
            return new Outcome(Json.str(invoice, CUSTOMER), Invoices.subscriptionOf(invoice), invoiceId, run.ids);
        }
    }

    /** The customer's newest subscription that has not ended. */
    JsonObject currentSubscription(String email) {
        String customer = Json.str(customerByEmail(email), "id");
        List<JsonObject> subs = store.all(SUBSCRIPTION, s -> customer.equals(Json.str(s, CUSTOMER))
                && LIVE.contains(Json.str(s, "status")));
        if (subs.isEmpty()) {
            throw new ApiError(404, ApiError.INVALID_REQUEST, "resource_missing",
                    "Customer " + customer + " (" + email + ") has no subscription that has not ended.", "email");
        }
        return subs.get(0);
    }

    private void setCancelAtPeriodEnd(JsonObject sub, boolean atPeriodEnd) {
        if (Json.bool(sub, "cancel_at_period_end") == atPeriodEnd) {
            return;
        }
        sub.addProperty("cancel_at_period_end", atPeriodEnd);
        sub.addProperty("cancel_at", atPeriodEnd ? item(sub).get("current_period_end").getAsLong() : null);
        sub.addProperty("canceled_at", atPeriodEnd ? now() : null);
        sub.getAsJsonObject("cancellation_details").addProperty("reason", atPeriodEnd ? "cancellation_requested" : null);
    }

    private void cancellationDetails(JsonObject sub, Params details) {
        if (details == null) {
            return;
        }
        details.only("comment", "feedback");
        JsonObject d = sub.getAsJsonObject("cancellation_details");
        if (details.has("comment")) {
            d.addProperty("comment", details.text("comment"));
        }
        String feedback = details.text("feedback");
        if (feedback != null && !FEEDBACK.contains(feedback)) {
            throw ApiError.invalid(details.name("feedback"), "Invalid feedback: must be one of " + FEEDBACK);
        }
        if (details.has("feedback")) {
            d.addProperty("feedback", feedback);
        }
    }

    private void endNow(JsonObject sub, Run run) {
        JsonObject before = sub.deepCopy();
        long now = now();
        sub.addProperty("status", "canceled");
        sub.addProperty("canceled_at", now);
        sub.addProperty("ended_at", now);
        sub.getAsJsonObject("cancellation_details").addProperty("reason", "cancellation_requested");
        store.changed();
        run.emit("customer.subscription.deleted", sub, Json.changed(before, sub));
    }

    private void setStatus(JsonObject sub, String status, Run run) {
        JsonObject before = sub.deepCopy();
        sub.addProperty("status", status);
        changed(sub, before, "customer.subscription.updated", run);
    }

    /** Moves the subscription into its next period and makes that period's invoice (draft). */
    private JsonObject startNextPeriod(JsonObject sub, Run run) {
        JsonObject before = sub.deepCopy();
        JsonObject item = item(sub);
        long start = item.get("current_period_start").getAsLong();
        long end = item.get("current_period_end").getAsLong();
        String interval = item.getAsJsonObject(PRICE).getAsJsonObject("recurring").get("interval").getAsString();
        item.addProperty("current_period_start", end);
        item.addProperty("current_period_end", Periods.add(end, interval));
        JsonObject customer = store.get(Json.str(sub, CUSTOMER), CUSTOMER);
        JsonObject invoice = invoices.draft(customer, sub, "subscription_cycle", start, end);
        sub.addProperty("latest_invoice", Json.str(invoice, "id"));
        changed(sub, before, "customer.subscription.updated", run);
        store.put(invoice);
        run.emit("invoice.created", invoice);
        invoices.finalizeDraft(invoice, customer, run);
        return invoice;
    }

    static JsonObject item(JsonObject sub) {
        return sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    }

    // ---- invoices, prices, events -----------------------------------------------------------------------

    JsonObject invoice(String id) {
        return found(store.get(id, INVOICE), INVOICE, id);
    }

    List<JsonObject> invoices(Params p) {
        p.only("customer", "subscription", "status", "limit", "starting_after", "ending_before", "created");
        String customer = p.text("customer");
        String subscription = p.text("subscription");
        String status = p.text("status");
        return store.all(INVOICE, i -> (customer == null || customer.equals(Json.str(i, CUSTOMER)))
                && (subscription == null || subscription.equals(Invoices.subscriptionOf(i)))
                && (status == null || status.equals(Json.str(i, "status")))
                && createdMatches(i, p));
    }

    JsonObject price(String id) {
        return found(store.get(id, PRICE), PRICE, id);
    }

    JsonObject product(String id) {
        return found(store.get(id, PRODUCT), PRODUCT, id);
    }

    JsonObject event(String id) {
        EventRecord r = store.event(id);
        if (r == null) {
            throw ApiError.noSuch("event", id, "id", true);
        }
        return r.event;
    }

    List<JsonObject> events(Params p) {
        p.only("limit", "starting_after", "ending_before", "created", "type", "types", "delivery_success");
        String type = p.text("type");
        List<String> types = p.strings("types");
        if (type != null && !types.isEmpty()) {
            throw new ApiError(400, ApiError.INVALID_REQUEST, "parameters_exclusive",
                    "You may only specify one of these parameters: type, types.", "types");
        }
        Boolean deliverySuccess = p.bool("delivery_success");
        synchronized (store) {
            return store.events().stream()
                    .filter(r -> type == null || typeMatches(type, r.type()))
                    .filter(r -> types.isEmpty() || types.contains(r.type()))
                    .filter(r -> deliverySuccess == null || deliverySuccess == r.deliverySucceeded())
                    .map(r -> r.event)
                    .filter(e -> createdMatches(e, p))
                    .toList();
        }
    }

    private static boolean typeMatches(String pattern, String type) {
        return pattern.endsWith(".*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** {@code created=N} or {@code created[gt|gte|lt|lte]=N}. */
    private static boolean createdMatches(JsonObject o, Params p) {
        if (!p.has("created")) {
            return true;
        }
        long created = o.get("created").getAsLong();
        Params range = p.child("created");
        if (range == null) {
            Long exact = p.integer("created");
            return exact == null || created == exact;
        }
        range.only("gt", "gte", "lt", "lte");
        Long gt = range.integer("gt");
        Long gte = range.integer("gte");
        Long lt = range.integer("lt");
        Long lte = range.integer("lte");
        return (gt == null || created > gt) && (gte == null || created >= gte) && (lt == null || created < lt)
                && (lte == null || created <= lte);
    }

    private void changed(JsonObject object, JsonObject before, String eventType, Run run) {
        JsonObject previous = Json.changed(before, object);
        if (previous.size() > 0) {
            store.changed();
            run.emit(eventType, object, previous);
        }
    }

    /** Metadata after an update: values merged into {@code current}, an empty value removing its key. */
    private static Map<String, String> metadata(JsonObject current, Map<String, String> update) {
        Map<String, String> out = new LinkedHashMap<>();
        if (current != null) {
            for (Map.Entry<String, JsonElement> e : current.entrySet()) {
                out.put(e.getKey(), e.getValue().getAsString());
            }
        }
        if (update != null) {
            if (update.isEmpty()) {
                out.clear();
            }
            update.forEach((k, v) -> {
                if (v == null || v.isEmpty()) {
                    out.remove(k);
                } else {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static JsonObject found(JsonObject o, String kind, String id) {
        if (o == null) {
            throw ApiError.noSuch(kind, id, "id", true);
        }
        return o;
    }

    private Outcome outcome(JsonObject sub, JsonObject invoice, Run run) {
        return new Outcome(Json.str(sub, CUSTOMER), Json.str(sub, "id"), invoice == null ? null : Json.str(invoice, "id"),
                run.ids);
    }

    /** Everything the portal page shows: the customer's subscriptions and invoices, newest first. */
    record Account(JsonObject customer, List<JsonObject> subscriptions, List<JsonObject> invoices) {
    }

    Account account(String customerId) {
        synchronized (store) {
            JsonObject c = customer(customerId);
            List<JsonObject> subs = store.all(SUBSCRIPTION, s -> customerId.equals(Json.str(s, CUSTOMER)));
            List<JsonObject> invoices = store.all(INVOICE, i -> customerId.equals(Json.str(i, CUSTOMER)));
            return new Account(c.deepCopy(), subs.stream().map(JsonObject::deepCopy).toList(),
                    invoices.stream().map(JsonObject::deepCopy).toList());
        }
    }

    /** The object as the API shows it, with the given expansions (see {@link Expansion}). */
    JsonObject view(JsonObject stored, List<String> expand) {
        return expansion.view(stored, expand);
    }
}
