package dev.orchestra.billing.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every call this service makes to Stripe, through stripe-java's {@link StripeClient} (API version
 * {@code Stripe.API_VERSION}, sent on every request). The API key, the API base (unset: api.stripe.com;
 * the local Stripe otherwise) and the timeouts come from configuration. Every POST carries the
 * idempotency key its caller derived; GETs and DELETEs need none.
 *
 * <p>Failures leave as {@link StripeUnavailableException} (unreachable, timed out, 5xx, 429, a key
 * Stripe refuses: nothing a request can fix) or {@link StripeRefusedException} (any other 4xx), each
 * counted in {@code orchestra_billing_stripe_failures_total} by operation and kind.
 */
@ApplicationScoped
public class StripeGateway {

    private static final Logger LOG = Logger.getLogger(StripeGateway.class);
    static final String FAILURES = "orchestra.billing.stripe.failures";
    private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

    private final StripeClient stripe;
    private final MeterRegistry metrics;

    public StripeGateway(@ConfigProperty(name = "orchestra.billing.stripe.api-key") String apiKey,
                         @ConfigProperty(name = "orchestra.billing.stripe.api-base") Optional<String> apiBase,
                         @ConfigProperty(name = "orchestra.billing.stripe.connect-timeout") Duration connectTimeout,
                         @ConfigProperty(name = "orchestra.billing.stripe.read-timeout") Duration readTimeout,
                         @ConfigProperty(name = "orchestra.billing.stripe.max-network-retries") int maxNetworkRetries,
                         MeterRegistry metrics) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(apiKey)
                .setConnectTimeout((int) connectTimeout.toMillis()).setReadTimeout((int) readTimeout.toMillis())
                .setMaxNetworkRetries(maxNetworkRetries);
        apiBase.filter(base -> !base.isBlank()).ifPresent(builder::setApiBase);
        this.stripe = builder.build();
        this.metrics = metrics;
        for (String operation : List.of("create_customer", "update_customer", "delete_customer", "create_checkout_session",
                "create_portal_session", "retrieve_subscription", "list_subscriptions", "cancel_subscription", "retrieve_invoice",
                "list_events")) {
            for (String kind : List.of("unavailable", "refused")) {
                Counter.builder(FAILURES).description("Calls to Stripe that failed, by operation and kind")
                        .tag("operation", operation).tag("kind", kind).register(metrics);
            }
        }
    }

    /** {@code POST /v1/customers}: the user's customer, with {@code metadata[user_id]}. */
    public String createCustomer(UUID userId, String email, String name, String idempotencyKey) {
        return call("create_customer", () -> stripe.v1().customers().create(CustomerCreateParams.builder()
                .setEmail(email).setName(name).putMetadata("user_id", userId.toString()).build(), key(idempotencyKey)).getId());
    }

    /** {@code POST /v1/customers/{id}}: a new e-mail and name. */
    public void updateCustomer(String customerId, String email, String name, String idempotencyKey) {
        call("update_customer", () -> stripe.v1().customers().update(customerId, CustomerUpdateParams.builder()
                .setEmail(email).setName(name).build(), key(idempotencyKey)));
    }

    /** {@code DELETE /v1/customers/{id}} (Stripe ends its live subscriptions at once); one already gone is fine. */
    public void deleteCustomer(String customerId) {
        try {
            call("delete_customer", () -> stripe.v1().customers().delete(customerId));
        } catch (StripeRefusedException e) {
            if (!e.isMissing()) {
                throw e;
            }
            LOG.debugf("customer %s is gone at Stripe already", customerId);
        }
    }

    /**
     * {@code POST /v1/checkout/sessions}: subscription mode, the one price, the user as
     * {@code client_reference_id} and in the session's and subscription's metadata.
     */
    public StripeRecords.CheckoutSession createCheckoutSession(String customerId, UUID userId, String priceId, String successUrl,
                                                               String cancelUrl, String idempotencyKey) {
        com.stripe.model.checkout.Session session = call("create_checkout_session", () -> stripe.v1().checkout().sessions().create(
                SessionCreateParams.builder()
                        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                        .setCustomer(customerId)
                        .setClientReferenceId(userId.toString())
                        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                        .setSuccessUrl(successUrl)
                        .setCancelUrl(cancelUrl)
                        .putMetadata("user_id", userId.toString())
                        .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("user_id", userId.toString())
                                .build())
                        .build(), key(idempotencyKey)));
        return new StripeRecords.CheckoutSession(session.getId(), session.getUrl());
    }

    /** {@code POST /v1/billing_portal/sessions}: the portal page's URL. */
    public String createPortalSession(String customerId, String returnUrl, String idempotencyKey) {
        return call("create_portal_session", () -> stripe.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId).setReturnUrl(returnUrl).build(),
                key(idempotencyKey)).getUrl());
    }

    /** {@code GET /v1/subscriptions/{id}}: its state now; empty when Stripe knows no such subscription. */
    public Optional<StripeRecords.Subscription> subscription(String id) {
        try {
            return Optional.of(subscription(call("retrieve_subscription", () -> stripe.v1().subscriptions().retrieve(id))));
        } catch (StripeRefusedException e) {
            if (e.isMissing()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /v1/invoices/{id}}: its state now; empty when Stripe knows no such invoice. */
    public Optional<StripeRecords.Invoice> invoice(String id) {
        try {
            return Optional.of(invoice(call("retrieve_invoice", () -> stripe.v1().invoices().retrieve(id))));
        } catch (StripeRefusedException e) {
            if (e.isMissing()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The customer's subscriptions that have not ended ({@code GET /v1/subscriptions?status=all}, every page). */
    public List<String> liveSubscriptions(String customerId) {
        List<String> ids = new ArrayList<>();
        String after = null;
        while (true) {
            SubscriptionListParams.Builder params = SubscriptionListParams.builder().setCustomer(customerId)
                    .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L);
            if (after != null) {
                params.setStartingAfter(after);
            }
            StripeCollection<com.stripe.model.Subscription> page;
            try {
                page = call("list_subscriptions", () -> stripe.v1().subscriptions().list(params.build()));
            } catch (StripeRefusedException e) {
                if (e.isMissing()) {
                    return ids;
                }
                throw e;
            }
            for (com.stripe.model.Subscription subscription : page.getData()) {
                if (!ENDED.contains(subscription.getStatus())) {
                    ids.add(subscription.getId());
                }
            }
            if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
                return ids;
            }
            after = page.getData().get(page.getData().size() - 1).getId();
        }
    }

    /** {@code DELETE /v1/subscriptions/{id}}: cancels it now; one already canceled or gone is fine. */
    public void cancelSubscription(String id) {
        try {
            call("cancel_subscription", () -> stripe.v1().subscriptions().cancel(id));
        } catch (StripeRefusedException e) {
            if (!e.isMissing() && e.status() != 400) {
                throw e;
            }
            // 400: already canceled (Stripe refuses to cancel twice).
            LOG.debugf("subscription %s: already ended at Stripe (%s)", id, e.getMessage());
        }
    }

    /** One page of {@code GET /v1/events} (newest first) of the given types, created at or after {@code since}. */
    public StripeRecords.EventPage events(Instant since, List<String> types, String startingAfter, long limit) {
        EventListParams.Builder params = EventListParams.builder().setLimit(limit).addAllType(types)
                .setCreated(EventListParams.Created.builder().setGte(since.getEpochSecond()).build());
        if (startingAfter != null) {
            params.setStartingAfter(startingAfter);
        }
        StripeCollection<com.stripe.model.Event> page = call("list_events", () -> stripe.v1().events().list(params.build()));
        List<StripeRecords.Event> events = new ArrayList<>();
        for (com.stripe.model.Event event : page.getData()) {
            JsonObject raw = event.getRawJsonObject();
            events.add(event(event, raw != null ? raw.toString() : event.toJson()));
        }
        return new StripeRecords.EventPage(events, Boolean.TRUE.equals(page.getHasMore()));
    }

    // ---- mapping ------------------------------------------------------------------------------------------

    static StripeRecords.Subscription subscription(com.stripe.model.Subscription subscription) {
        String priceId = null;
        String interval = null;
        Long periodEnd = null;
        if (subscription.getItems() != null && subscription.getItems().getData() != null) {
            for (SubscriptionItem item : subscription.getItems().getData()) {
                if (item.getCurrentPeriodEnd() != null && (periodEnd == null || item.getCurrentPeriodEnd() > periodEnd)) {
                    periodEnd = item.getCurrentPeriodEnd();
                }
                if (priceId == null && item.getPrice() != null) {
                    priceId = item.getPrice().getId();
                    interval = item.getPrice().getRecurring() == null ? null : item.getPrice().getRecurring().getInterval();
                }
            }
        }
        return new StripeRecords.Subscription(subscription.getId(), subscription.getCustomer(), subscription.getStatus(), priceId,
                interval, seconds(periodEnd), Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()),
                seconds(subscription.getCreated()));
    }

    static StripeRecords.Invoice invoice(com.stripe.model.Invoice invoice) {
        String subscription = invoice.getParent() != null && invoice.getParent().getSubscriptionDetails() != null
                ? invoice.getParent().getSubscriptionDetails().getSubscription() : null;
        Instant periodStart = seconds(invoice.getPeriodStart());
        Instant periodEnd = seconds(invoice.getPeriodEnd());
        if (invoice.getLines() != null && invoice.getLines().getData() != null && !invoice.getLines().getData().isEmpty()) {
            // The service period paid for is on the line; the invoice's own period is the one that ended.
            InvoiceLineItem line = invoice.getLines().getData().get(0);
            if (line.getPeriod() != null) {
                periodStart = seconds(line.getPeriod().getStart());
                periodEnd = seconds(line.getPeriod().getEnd());
            }
        }
        return new StripeRecords.Invoice(invoice.getId(), invoice.getCustomer(), subscription, invoice.getNumber(), invoice.getStatus(),
                orZero(invoice.getAmountDue()), orZero(invoice.getAmountPaid()), invoice.getCurrency(), periodStart, periodEnd,
                invoice.getHostedInvoiceUrl(), invoice.getInvoicePdf(), seconds(invoice.getNextPaymentAttempt()),
                seconds(invoice.getCreated()));
    }

    /**
     * The event with what matters of its object. The object is read through stripe-java's model when
     * the event's API version is the library's ({@code getObject()}), through {@code deserializeUnsafe()}
     * otherwise, and from the raw JSON if even that fails.
     */
    static StripeRecords.Event event(com.stripe.model.Event event, String payload) {
        if (event.getData() == null || !hasObject(payload)) {
            // Nothing to read (stripe-java's deserializer would throw): an event without its object.
            return new StripeRecords.Event(event.getId(), event.getType(), seconds(event.getCreated()), event.getApiVersion(), null,
                    null, null, null, null, payload);
        }
        EventDataObjectDeserializer data = event.getDataObjectDeserializer();
        StripeObject object = data.getObject().orElse(null);
        if (object == null) {
            try {
                object = data.deserializeUnsafe();
            } catch (EventDataObjectDeserializationException | RuntimeException e) {
                object = null;
            }
        }
        String objectType = null;
        String objectId = null;
        String customer = null;
        String subscription = null;
        String clientReference = null;
        if (object instanceof com.stripe.model.Subscription s) {
            objectType = "subscription";
            objectId = s.getId();
            customer = s.getCustomer();
            subscription = s.getId();
        } else if (object instanceof com.stripe.model.Invoice i) {
            objectType = "invoice";
            objectId = i.getId();
            customer = i.getCustomer();
            subscription = invoice(i).subscriptionId();
        } else if (object instanceof com.stripe.model.checkout.Session s) {
            objectType = "checkout.session";
            objectId = s.getId();
            customer = s.getCustomer();
            subscription = s.getSubscription();
            clientReference = s.getClientReferenceId();
        } else if (object instanceof Customer c) {
            objectType = "customer";
            objectId = c.getId();
            customer = c.getId();
        } else {
            JsonObject raw = rawObject(data);
            if (raw != null) {
                objectType = text(raw, "object");
                objectId = text(raw, "id");
                customer = text(raw, "customer");
                subscription = text(raw, "subscription");
                clientReference = text(raw, "client_reference_id");
            }
        }
        return new StripeRecords.Event(event.getId(), event.getType(), seconds(event.getCreated()), event.getApiVersion(), objectType,
                objectId, customer, subscription, clientReference, payload);
    }

    /** Whether the event's JSON carries {@code data.object} (every event Stripe sends does). */
    static boolean hasObject(String payload) {
        try {
            JsonElement root = JsonParser.parseString(payload);
            JsonElement data = root.isJsonObject() ? root.getAsJsonObject().get("data") : null;
            return data != null && data.isJsonObject() && data.getAsJsonObject().get("object") instanceof JsonObject;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonObject rawObject(EventDataObjectDeserializer data) {
        try {
            String raw = data.getRawJson();
            return raw == null ? null : JsonParser.parseString(raw).getAsJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Instant seconds(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private interface Call<T> {
        T run() throws StripeException;
    }

    private <T> T call(String operation, Call<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw translate(operation, e);
        }
    }

    private RuntimeException translate(String operation, StripeException e) {
        Integer status = e.getStatusCode();
        boolean unavailable = e instanceof ApiConnectionException || status == null || status >= 500 || status == 429
                || e instanceof AuthenticationException || e instanceof PermissionException;
        metrics.counter(FAILURES, "operation", operation, "kind", unavailable ? "unavailable" : "refused").increment();
        if (unavailable) {
            if (e instanceof AuthenticationException || e instanceof PermissionException) {
                LOG.errorf("Stripe refused this service's API key on %s (%s): check STRIPE_API_KEY", operation, e.getMessage());
            } else {
                LOG.warnf("Stripe unavailable on %s: %s", operation, e.getMessage());
            }
            return new StripeUnavailableException("Stripe unavailable on " + operation + ": " + e.getMessage(), e);
        }
        String param = e.getStripeError() == null ? null : e.getStripeError().getParam();
        LOG.infof("Stripe refused %s (HTTP %d %s): %s", operation, status, e.getCode(), e.getMessage());
        return new StripeRefusedException(e.getMessage(), status, e.getCode(), param, e instanceof IdempotencyException, e);
    }
}
