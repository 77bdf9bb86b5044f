package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a state file, a restart keeps customers, subscriptions, invoices, events, idempotency keys and open deliveries. */
class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsTheState() throws Exception {
        Path file = dir.resolve("stripe.json");
        String customerId;
        Outcome paid;
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("kept-across-restarts").build();
        CustomerCreateParams params = CustomerCreateParams.builder().setEmail("kept@example.com").build();
        try (LocalStripe first = LocalStripe.builder().stateFile(file).start()) {
            StripeClient client = StripeClientFor.local(first);
            customerId = client.v1().customers().create(params, key).getId();
            String session = client.v1().checkout().sessions().create(SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customerId)
                    .addLineItem(SessionCreateParams.LineItem.builder().setPrice(ConfiguredPrice.PRO_YEAR)
                            .setQuantity(1L).build()).build()).getId();
            paid = first.pay(session);
        }
        assertThat(file).exists();

        try (LocalStripe second = LocalStripe.builder().stateFile(file).start()) {
            StripeClient client = StripeClientFor.local(second);
            assertThat(client.v1().customers().retrieve(customerId).getEmail()).isEqualTo("kept@example.com");
            assertThat(client.v1().subscriptions().retrieve(paid.subscription()).getStatus()).isEqualTo("active");
            assertThat(client.v1().invoices().retrieve(paid.invoice()).getStatus()).isEqualTo("paid");
            assertThat(client.v1().events().list().getData()).extracting(Event::getId)
                    .contains(paid.events().get(paid.events().size() - 1));
            Customer replayed = client.v1().customers().create(params, key);
            assertThat(replayed.getId()).isEqualTo(customerId);
            assertThat(replayed.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
            Outcome renewed = second.renew("kept@example.com");
            assertThat(client.v1().invoices().retrieve(renewed.invoice()).getNumber()).endsWith("-0002");
        }
    }

    @Test
    void aDeliveryLeftOpenIsResumedAfterARestart() throws Exception {
        Path file = dir.resolve("stripe.json");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String eventId;
        try (LocalStripe first = LocalStripe.builder().stateFile(file).webhookUrl("http://127.0.0.1:" + closed + "/x")
                .retries(Duration.ofMillis(500), Duration.ofSeconds(1), 50).start()) {
            HttpPost.form(first, "/v1/customers", "email=later%40example.com");
            eventId = first.events().get(0).id();
            await().atMost(Duration.ofSeconds(5)).until(() -> first.event(eventId).orElseThrow().status()
                    .equals(EventRecord.RETRYING));
        }
        assertThat(Files.readString(file)).contains(eventId);
        try (WebhookReceiver receiver = new WebhookReceiver();
                LocalStripe second = LocalStripe.builder().stateFile(file).webhookUrl(receiver.url())
                        .retries(Duration.ofMillis(500), Duration.ofSeconds(1), 50).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(eventId).size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.event(eventId).orElseThrow().status()
                    .equals(EventRecord.DELIVERED));
        }
    }
}
