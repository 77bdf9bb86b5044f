package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Idempotency keys as Stripe honours them: replay, mismatch, in flight, and refused requests not kept. */
class IdempotencyTest extends LocalStripeTestBase {

    @Test
    void theSameKeyAndParametersReplayTheFirstAnswer() throws StripeException {
        String email = email();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("create-customer-" + email).build();
        CustomerCreateParams params = CustomerCreateParams.builder().setEmail(email).setName("Ada").build();
        Customer first = client.v1().customers().create(params, key);
        Customer again = client.v1().customers().create(params, key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.getLastResponse().headers().firstValue("Original-Request"))
                .contains(first.getLastResponse().requestId());
        assertThat(again.getLastResponse().requestId()).isNotEqualTo(first.getLastResponse().requestId());
        assertThat(again.getLastResponse().idempotencyKey()).isEqualTo("create-customer-" + email);
        assertThat(client.v1().customers().list(CustomerListParams.builder().setEmail(email).build()).getData()).hasSize(1);
        assertThat(stripe.events()).filteredOn(e -> e.type().equals("customer.created")
                && e.payload().contains(first.getId())).hasSize(1);
    }

    @Test
    void theSameKeyWithOtherParametersIsAnIdempotencyError() throws StripeException {
        Customer c = customer(email());
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("checkout-" + c.getId()).build();
        Session first = client.v1().checkout().sessions().create(params(c.getId(), ConfiguredPrice.PRO_MONTH), key);
        assertThatThrownBy(() -> client.v1().checkout().sessions().create(params(c.getId(), ConfiguredPrice.PRO_YEAR), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
                    assertThat(e.getMessage()).contains("checkout-" + c.getId());
                });
        assertThat(client.v1().checkout().sessions().create(params(c.getId(), ConfiguredPrice.PRO_MONTH), key).getId())
                .isEqualTo(first.getId());
    }

    @Test
    void aRefusedRequestIsNotKeptSoTheCorrectedRetryRuns() throws StripeException {
        Customer c = customer(email());
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("refused-" + c.getId()).build();
        assertThatThrownBy(() -> client.v1().checkout().sessions().create(params(c.getId(), "price_nope"), key))
                .isInstanceOf(InvalidRequestException.class);
        Session s = client.v1().checkout().sessions().create(params(c.getId(), ConfiguredPrice.PRO_MONTH), key);
        assertThat(s.getStatus()).isEqualTo("open");
    }

    @Test
    void aRetryWhileTheFirstRequestRunsIsA409() throws Exception {
        String email = email();
        String key = "in-flight-" + email;
        // Whichever of the two requests comes first holds the key for 1.5 s; the other arrives meanwhile.
        stripe.injectFault(0, 1, "POST", "/v1/customers", Duration.ofMillis(1500));
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(post(key, email), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(post(key, email), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> conflict = second.statusCode() == 409 ? second : first.get();
        HttpResponse<String> ran = second.statusCode() == 409 ? first.get() : second;

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(JsonParser.parseString(conflict.body()).getAsJsonObject().getAsJsonObject("error")
                .get("type").getAsString()).isEqualTo("idempotency_error");
        assertThat(ran.statusCode()).isEqualTo(200);
        HttpResponse<String> replay = http.send(post(key, email), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.body()).isEqualTo(ran.body());
    }

    private static HttpRequest post(String key, String email) {
        return HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/customers"))
                .header("Authorization", "Bearer " + stripe.apiKey())
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + email.replace("@", "%40")))
                .build();
    }

    private static SessionCreateParams params(String customer, String price) {
        return SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSuccessUrl("http://app.local/ok").build();
    }
}
