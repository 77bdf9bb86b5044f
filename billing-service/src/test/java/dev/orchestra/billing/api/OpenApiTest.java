package dev.orchestra.billing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.billing.support.BillingTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public operations are documented completely: typed bodies, and the error envelope for every error status. */
@QuarkusTest
class OpenApiTest extends BillingTest {

    /** Each operation's method, then exactly the statuses it documents (403: Quarkus adds it to authenticated routes). */
    private static final Map<String, List<String>> OPERATIONS = Map.of(
            "/api/v1/billing/checkout", List.of("post", "201", "401", "403", "404", "406", "409", "413", "415", "422", "500", "503"),
            "/api/v1/billing/portal", List.of("post", "200", "401", "403", "404", "406", "500", "503"),
            "/api/v1/billing/subscription", List.of("get", "200", "401", "403", "406", "500", "503"),
            "/api/v1/billing/invoices", List.of("get", "200", "401", "403", "406", "422", "500", "503"),
            "/webhooks/stripe", List.of("post", "200", "400", "406", "413", "500"));

    @Test
    void everyOperationHasTypedAnswersAndTheEnvelopeForItsErrors() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        for (Map.Entry<String, List<String>> operation : OPERATIONS.entrySet()) {
            JsonNode op = document.path("paths").path(operation.getKey()).path(operation.getValue().get(0));
            assertThat(op.isMissingNode()).as(operation.getKey()).isFalse();
            List<String> documented = new java.util.ArrayList<>();
            op.path("responses").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as(operation.getKey() + ": exactly these statuses")
                    .containsExactlyInAnyOrderElementsOf(operation.getValue().subList(1, operation.getValue().size()));
            for (String status : operation.getValue().subList(1, operation.getValue().size())) {
                JsonNode schema = op.path("responses").path(status).path("content").path("application/json").path("schema");
                assertThat(schema.path("$ref").asText()).as(operation.getKey() + " " + status).isNotEmpty();
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(schema.path("$ref").asText()).as(operation.getKey() + " " + status).endsWith("/ApiError");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> answers = op.path("responses").fields(); answers.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = answers.next();
                if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                    assertThat(answer.getValue().path("content").path("application/json").path("schema").path("$ref").asText())
                            .as(operation.getKey() + " " + answer.getKey()).endsWith("/ApiError");
                }
            }
        }
        JsonNode schemas = document.path("components").path("schemas");
        JsonNode request = schemas.path("CheckoutRequest");
        assertThat(request.path("required").toString()).contains("plan", "interval");
        assertThat(request.path("properties").path("interval").path("enum").toString()).isEqualTo("[\"month\",\"year\"]");
        assertThat(request.path("properties").path("plan").path("enum").toString()).isEqualTo("[\"pro\"]");
        assertThat(schemas.path("CheckoutSession").path("properties").has("session_id")).isTrue();
        assertThat(schemas.path("Subscription").path("properties").has("current_period_end")).isTrue();
        // A nullable field lists no enum: OpenAPI 3.0 validators refuse a null that an enum does not list.
        assertThat(schemas.path("Subscription").path("properties").path("interval").path("nullable").asBoolean()).isTrue();
        assertThat(schemas.path("Subscription").path("properties").path("interval").has("enum")).isFalse();
        assertThat(schemas.path("Subscription").path("properties").has("last_payment_failure")).isTrue();
        assertThat(schemas.path("Invoice").path("properties").has("hosted_invoice_url")).isTrue();
        assertThat(schemas.path("InvoiceList").path("properties").path("meta").path("$ref").asText()).endsWith("/InvoicesMeta");
        assertThat(schemas.path("ApiError").path("properties").has("details")).isTrue();
        assertThat(document.path("paths").path("/api/v1/billing/checkout").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText()).endsWith("/CheckoutRequest");
    }
}
