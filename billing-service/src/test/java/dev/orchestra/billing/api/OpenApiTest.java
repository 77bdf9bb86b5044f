package dev.orchestra.billing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.platform.testing.OpenApiChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi (OpenAPI 3.0.3) describes each public operation completely: exactly these operations,
 * every status each can answer, typed bodies and answers (the data/meta wrappers included), platform's
 * error envelope for every error, fields and parameters with their limits, and no schema left empty or
 * typed as a JSON tree.
 */
@QuarkusTest
class OpenApiTest extends BillingTest {

    private static final String CHECKOUT = "POST /api/v1/billing/checkout";
    private static final String PORTAL = "POST /api/v1/billing/portal";
    private static final String SUBSCRIPTION = "GET /api/v1/billing/subscription";
    private static final String INVOICES = "GET /api/v1/billing/invoices";
    private static final String WEBHOOK = "POST /webhooks/stripe";

    /** Each operation's statuses, exactly (403: Quarkus documents it on every authenticated route). */
    private static final Map<String, Set<String>> STATUSES = Map.of(
            CHECKOUT, Set.of("201", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503"),
            PORTAL, Set.of("200", "401", "403", "404", "406", "500", "503"),
            SUBSCRIPTION, Set.of("200", "401", "403", "406", "500", "503"),
            INVOICES, Set.of("200", "401", "403", "406", "422", "500", "503"),
            WEBHOOK, Set.of("200", "400", "406", "413", "500"));

    /** The typed answer of each operation (its one success status). */
    private static final Map<String, String> ANSWERS = Map.of(
            CHECKOUT, "CheckoutResponse",
            PORTAL, "PortalResponse",
            SUBSCRIPTION, "SubscriptionResponse",
            INVOICES, "InvoiceList",
            WEBHOOK, "WebhookResponse");

    /** The typed body of each operation that takes one (the portal takes none). */
    private static final Map<String, String> REQUESTS = Map.of(CHECKOUT, "CheckoutRequest", WEBHOOK, "StripeEvent");

    /** Each operation's parameters, exactly. */
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            CHECKOUT, Set.of(),
            PORTAL, Set.of(),
            SUBSCRIPTION, Set.of(),
            INVOICES, Set.of("limit", "cursor"),
            WEBHOOK, Set.of("Stripe-Signature"));

    /** The document's named schemas, exactly: no Java type leaks in under its own name. */
    private static final Set<String> SCHEMAS = Set.of("ApiError", "CheckoutRequest", "CheckoutResponse", "CheckoutSession", "Instant",
            "Invoice", "InvoiceList", "InvoicesMeta", "PaymentFailure", "PortalResponse", "PortalSession", "StripeEvent",
            "StripeEventData", "Subscription", "SubscriptionResponse", "WebhookReceipt", "WebhookResponse");

    /**
     * Where a free-form JSON object is the point: Stripe's event, as Stripe sends it, beyond the members
     * this service reads ({@code additionalProperties: true}).
     */
    private static final Set<String> FREE_FORM = Set.of("components.schemas.StripeEvent{}",
            "components.schemas.StripeEventData{}", "components.schemas.StripeEventData.object{}");

    private String text;
    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        text = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(text);
    }

    @Test
    void itIsOpenApi303WithTheseOperationsOnly() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(operations().keySet()).containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
        operations().forEach((name, operation) -> {
            assertThat(operation.path("operationId").asText()).as(name).isNotBlank();
            assertThat(operation.path("summary").asText()).as(name).isNotBlank();
            assertThat(operation.path("description").asText()).as(name).isNotBlank();
            assertThat(texts(operation.path("tags"))).as(name).containsExactly("Billing");
        });
        assertThat(names(document.path("components").path("schemas"))).containsExactlyInAnyOrderElementsOf(SCHEMAS);
    }

    @Test
    void everyOperationDocumentsEachStatusItAnswersWithTypedBodies() {
        operations().forEach((name, operation) -> {
            JsonNode responses = operation.path("responses");
            assertThat(names(responses)).as(name + ": exactly these statuses").containsExactlyInAnyOrderElementsOf(STATUSES.get(name));
            for (String status : STATUSES.get(name)) {
                JsonNode answer = responses.path(status);
                assertThat(answer.path("description").asText()).as(name + " " + status).isNotBlank();
                assertThat(names(answer.path("content"))).as(name + " " + status).containsExactly("application/json");
                String ref = answer.path("content").path("application/json").path("schema").path("$ref").asText();
                assertThat(ref).as(name + " " + status)
                        .isEqualTo("#/components/schemas/" + (status.startsWith("2") ? ANSWERS.get(name) : "ApiError"));
            }
            if (responses.has("503")) {
                assertThat(responses.path("503").path("headers").path("Retry-After").path("schema").path("type").asText())
                        .as(name + " 503").isEqualTo("integer");
            }
        });
    }

    @Test
    void requestBodiesAreRequiredAndTyped() {
        operations().forEach((name, operation) -> {
            JsonNode body = operation.path("requestBody");
            if (!REQUESTS.containsKey(name)) {
                assertThat(body.isMissingNode()).as(name + " takes no body").isTrue();
                return;
            }
            assertThat(body.path("required").asBoolean()).as(name).isTrue();
            assertThat(names(body.path("content"))).as(name).containsExactly("application/json");
            assertThat(body.path("content").path("application/json").path("schema").path("$ref").asText()).as(name)
                    .isEqualTo("#/components/schemas/" + REQUESTS.get(name));
        });
    }

    @Test
    void theCheckoutRequestNamesItsPlanAndInterval() {
        JsonNode schemas = document.path("components").path("schemas");
        assertRequired(schemas, "CheckoutRequest", "plan", "interval");
        JsonNode request = schemas.path("CheckoutRequest");
        assertThat(request.path("type").asText()).isEqualTo("object");
        JsonNode plan = request.path("properties").path("plan");
        assertThat(plan.path("type").asText()).isEqualTo("string");
        assertThat(texts(plan.path("enum"))).containsExactly("pro");
        JsonNode interval = request.path("properties").path("interval");
        assertThat(interval.path("type").asText()).isEqualTo("string");
        assertThat(texts(interval.path("enum"))).containsExactly("month", "year");
        for (JsonNode field : List.of(plan, interval)) {
            assertThat(field.path("nullable").asBoolean()).as(field.toString()).isFalse();
        }
    }

    @Test
    void bodiesCarryTheirRequiredFieldsAndLimits() {
        JsonNode schemas = document.path("components").path("schemas");
        assertWrapper(schemas, "CheckoutResponse", "CheckoutSession");
        assertRequired(schemas, "CheckoutSession", "url", "session_id");
        assertThat(schemas.path("CheckoutSession").path("properties").path("url").path("format").asText()).isEqualTo("uri");
        assertWrapper(schemas, "PortalResponse", "PortalSession");
        assertRequired(schemas, "PortalSession", "url");
        assertThat(schemas.path("PortalSession").path("properties").path("url").path("format").asText()).isEqualTo("uri");

        assertWrapper(schemas, "SubscriptionResponse", "Subscription");
        assertRequired(schemas, "Subscription", "plan", "status", "interval", "current_period_end", "cancel_at_period_end",
                "subscription_version", "last_payment_failure");
        JsonNode subscription = schemas.path("Subscription").path("properties");
        assertThat(texts(subscription.path("plan").path("enum"))).containsExactly("free", "pro");
        assertThat(subscription.path("cancel_at_period_end").path("type").asText()).isEqualTo("boolean");
        assertThat(subscription.path("subscription_version").path("type").asText()).isEqualTo("integer");
        assertThat(subscription.path("subscription_version").path("minimum").asInt()).isZero();
        // A nullable field lists no enum: OpenAPI 3.0 validators refuse a null that an enum does not list.
        assertThat(subscription.path("interval").path("nullable").asBoolean()).isTrue();
        assertThat(subscription.path("interval").has("enum")).isFalse();
        assertDateTime(schemas, subscription.path("current_period_end"), "Subscription.current_period_end");
        assertThat(subscription.path("current_period_end").path("nullable").asBoolean()).isTrue();
        // The nullable failure carries PaymentFailure's own keywords beside its nullable (platform's NullableReferences).
        JsonNode failure = subscription.path("last_payment_failure");
        assertThat(failure.path("nullable").asBoolean()).isTrue();
        assertThat(failure.path("type").asText()).isEqualTo("object");
        assertThat(failure.path("properties")).isEqualTo(schemas.path("PaymentFailure").path("properties"));
        assertThat(failure.path("required")).isEqualTo(schemas.path("PaymentFailure").path("required"));
        assertRequired(schemas, "PaymentFailure", "invoice_id", "amount", "currency", "failed_at", "next_attempt_at",
                "hosted_invoice_url");
        JsonNode payment = schemas.path("PaymentFailure").path("properties");
        assertThat(payment.path("amount").path("type").asText()).isEqualTo("integer");
        assertThat(payment.path("amount").path("minimum").asInt()).isZero();
        assertDateTime(schemas, payment.path("failed_at"), "PaymentFailure.failed_at");
        assertDateTime(schemas, payment.path("next_attempt_at"), "PaymentFailure.next_attempt_at");
        for (String nullable : List.of("next_attempt_at", "hosted_invoice_url")) {
            assertThat(payment.path(nullable).path("nullable").asBoolean()).as(nullable).isTrue();
        }

        assertRequired(schemas, "InvoiceList", "data", "meta");
        assertThat(schemas.path("InvoiceList").path("properties").path("data").path("type").asText()).isEqualTo("array");
        assertThat(schemas.path("InvoiceList").path("properties").path("data").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Invoice");
        assertThat(schemas.path("InvoiceList").path("properties").path("meta").path("$ref").asText())
                .isEqualTo("#/components/schemas/InvoicesMeta");
        assertRequired(schemas, "InvoicesMeta", "next_cursor");
        assertThat(schemas.path("InvoicesMeta").path("properties").path("next_cursor").path("nullable").asBoolean()).isTrue();
        assertRequired(schemas, "Invoice", "id", "number", "status", "amount", "amount_paid", "currency", "period_start",
                "period_end", "hosted_invoice_url", "invoice_pdf", "created_at");
        JsonNode invoice = schemas.path("Invoice").path("properties");
        assertThat(texts(invoice.path("status").path("enum"))).containsExactly("open", "paid", "void", "uncollectible");
        for (String amount : List.of("amount", "amount_paid")) {
            assertThat(invoice.path(amount).path("type").asText()).as(amount).isEqualTo("integer");
            assertThat(invoice.path(amount).path("minimum").asInt()).as(amount).isZero();
        }
        for (String timestamp : List.of("period_start", "period_end", "created_at")) {
            assertDateTime(schemas, invoice.path(timestamp), "Invoice." + timestamp);
        }
        for (String url : List.of("hosted_invoice_url", "invoice_pdf")) {
            assertThat(invoice.path(url).path("format").asText()).as(url).isEqualTo("uri");
        }
        for (String nullable : List.of("number", "period_start", "period_end", "hosted_invoice_url", "invoice_pdf")) {
            assertThat(invoice.path(nullable).path("nullable").asBoolean()).as(nullable).isTrue();
        }

        assertWrapper(schemas, "WebhookResponse", "WebhookReceipt");
        assertRequired(schemas, "WebhookReceipt", "event_id", "outcome");
        assertThat(texts(schemas.path("WebhookReceipt").path("properties").path("outcome").path("enum")))
                .containsExactly("stored", "duplicate", "not_handled");
        // Stripe's event: the members the service reads are required (a signed event without one is a 400), the rest free.
        assertRequired(schemas, "StripeEvent", "id", "type", "created", "data");
        assertThat(schemas.path("StripeEvent").path("additionalProperties").asBoolean()).isTrue();
        assertThat(schemas.path("StripeEvent").path("properties").path("created").path("type").asText()).isEqualTo("integer");
        assertThat(schemas.path("StripeEvent").path("properties").path("data").path("$ref").asText())
                .isEqualTo("#/components/schemas/StripeEventData");
        assertRequired(schemas, "StripeEventData", "object");
        assertThat(schemas.path("StripeEventData").path("properties").path("object").path("type").asText()).isEqualTo("object");

        assertRequired(schemas, "ApiError", "error", "message", "details");
        assertThat(schemas.path("ApiError").path("properties").path("details").path("type").asText()).isEqualTo("object");
    }

    @Test
    void theParametersCarryTheirLimits() {
        operations().forEach((name, operation) -> {
            Set<String> parameters = new TreeSet<>();
            operation.path("parameters").forEach(parameter -> parameters.add(parameter.path("name").asText()));
            assertThat(parameters).as(name).containsExactlyInAnyOrderElementsOf(PARAMETERS.get(name));
        });
        // The invoices list: platform's PageRequest, limit 1..200 (50 by default), any other a 422.
        JsonNode invoices = operations().get(INVOICES).path("parameters");
        JsonNode limit = parameter(invoices, "limit");
        assertThat(limit.path("in").asText()).isEqualTo("query");
        assertThat(limit.path("required").asBoolean()).isFalse();
        assertThat(limit.path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(200).isEqualTo(PageRequest.MAX_LIMIT);
        assertThat(limit.path("schema").path("default").asInt()).isEqualTo(50).isEqualTo(PageRequest.DEFAULT_LIMIT);
        JsonNode cursor = parameter(invoices, "cursor");
        assertThat(cursor.path("in").asText()).isEqualTo("query");
        assertThat(cursor.path("required").asBoolean()).isFalse();
        assertThat(cursor.path("schema").path("type").asText()).isEqualTo("string");
        assertThat(cursor.path("schema").has("default")).isFalse();
        // The webhook: Stripe's signature header, required.
        JsonNode signature = parameter(operations().get(WEBHOOK).path("parameters"), "Stripe-Signature");
        assertThat(signature.path("in").asText()).isEqualTo("header");
        assertThat(signature.path("required").asBoolean()).isTrue();
        assertThat(signature.path("schema").path("type").asText()).isEqualTo("string");
    }

    @Test
    void noSchemaIsEmptyOrAJsonTree() {
        assertThat(text).doesNotContain("JsonNode", "ObjectNode", "ArrayNode", "JsonElement", "JsonObject");
        assertThat(OpenApiChecks.schemaProblems(document, FREE_FORM)).isEmpty();
    }

    /** "METHOD /path" → the operation. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }
        return operations;
    }

    /** An RFC 3339 timestamp: a string of format date-time, itself or through the one schema it refers to. */
    private static void assertDateTime(JsonNode schemas, JsonNode field, String where) {
        assertThat(field.path("type").asText()).as(where).isEqualTo("string");
        JsonNode typed = field;
        if (!field.has("format") && field.path("allOf").size() == 1) {
            String ref = field.path("allOf").get(0).path("$ref").asText();
            typed = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        assertThat(typed.path("format").asText()).as(where).isEqualTo("date-time");
    }

    /** A {@code {"data": ...}} answer: the one required member, of the named schema. */
    private static void assertWrapper(JsonNode schemas, String wrapper, String data) {
        assertRequired(schemas, wrapper, "data");
        assertThat(schemas.path(wrapper).path("properties").path("data").path("$ref").asText()).as(wrapper)
                .isEqualTo("#/components/schemas/" + data);
    }

    private static void assertRequired(JsonNode schemas, String schema, String... properties) {
        assertThat(names(schemas.path(schema).path("properties"))).as(schema).containsExactlyInAnyOrder(properties);
        assertThat(texts(schemas.path(schema).path("required"))).as(schema + " required").containsExactlyInAnyOrder(properties);
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
