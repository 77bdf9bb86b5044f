package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.ApiException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line (what ./orchestra stripe … runs) and the /_local/ control surface it calls. */
class ControlAndCliTest extends LocalStripeTestBase {

    /** What one run of the command line printed and returned. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = stripe.baseUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void secretPrintsTheWebhookSecret() throws Exception {
        Run r = cli("secret");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(SECRET + System.lineSeparator());
        assertThat(cli("health").out().strip()).isEqualTo("UP");
    }

    @Test
    void payRenewFailCancelFromTheCommandLine() throws Exception {
        String email = email();
        Customer c = customer(email);
        Session s = checkout(c.getId(), ConfiguredPrice.PRO_MONTH);

        Run pay = cli("pay", s.getId());
        assertThat(pay.code()).as(pay.err()).isZero();
        String sub = client.v1().checkout().sessions().retrieve(s.getId()).getSubscription();
        assertThat(pay.lines()).contains("customer " + c.getId(), "subscription " + sub);
        assertThat(pay.lines()).filteredOn(l -> l.startsWith("event evt_")).hasSize(7);

        assertThat(cli("renew", email).code()).isZero();
        assertThat(client.v1().invoices().list(com.stripe.param.InvoiceListParams.builder().setSubscription(sub).build())
                .getData()).hasSize(2);
        assertThat(cli("fail-payment", email).code()).isZero();
        assertThat(client.v1().subscriptions().retrieve(sub).getStatus()).isEqualTo("past_due");
        assertThat(cli("fail-payment", "--final", email).code()).isZero();
        assertThat(client.v1().subscriptions().retrieve(sub).getStatus()).isEqualTo("unpaid");
        assertThat(cli("cancel", email, "--at-period-end").code()).isZero();
        assertThat(client.v1().subscriptions().retrieve(sub).getCancelAtPeriodEnd()).isTrue();
        assertThat(cli("cancel", email).code()).isZero();
        assertThat(client.v1().subscriptions().retrieve(sub).getStatus()).isEqualTo("canceled");

        Run again = cli("cancel", email);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("has no subscription that has not ended");
    }

    @Test
    void eventsListsOneEventALineWithItsDeliveryStatusAndResendDuplicatesOne() throws Exception {
        Customer c = customer(email());
        SentEvent created = stripe.events().stream().filter(e -> e.payload().contains(c.getId())).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> stripe.event(created.id()).orElseThrow().status()
                .equals(EventRecord.DELIVERED));
        Run events = cli("events");
        assertThat(events.code()).isZero();
        assertThat(events.lines()).hasSize(stripe.events().size())
                .allMatch(l -> l.matches("evt_\\w+ +[a-z_.]+ +(pending|retrying|delivered|failed|skipped) +attempts=\\d+ "
                        + "deliveries=\\d+.*"));
        assertThat(events.lines()).anyMatch(l -> l.startsWith(created.id() + " ") && l.contains("customer.created")
                && l.contains("delivered"));

        Run resend = cli("resend", created.id());
        assertThat(resend.out().strip()).isEqualTo("resent " + created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(created.id()).size() == 2);
        assertThat(receiver.of(created.id())).extracting(WebhookReceiver.Delivery::eventId).containsOnly(created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> cli("events").lines().stream()
                .anyMatch(l -> l.startsWith(created.id() + " ") && l.contains("deliveries=2")));
    }

    @Test
    void faultsMakeTheApiFailUntilUsedUpOrCleared() throws Exception {
        assertThat(cli("fault", "--status", "503", "--times", "1", "--path", "/v1/customers").code()).isZero();
        assertThatThrownBy(() -> customer(email())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(503));
        assertThat(customer(email()).getId()).startsWith("cus_");

        assertThat(cli("fault", "--times", "0", "--method", "GET").code()).isZero();
        assertThatThrownBy(() -> client.v1().prices().retrieve(ConfiguredPrice.PRO_MONTH)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> client.v1().prices().retrieve(ConfiguredPrice.PRO_MONTH)).isInstanceOf(ApiException.class);
        assertThat(cli("clear-faults").code()).isZero();
        assertThat(client.v1().prices().retrieve(ConfiguredPrice.PRO_MONTH).getId()).isEqualTo(ConfiguredPrice.PRO_MONTH);
    }

    @Test
    void requestsShowWhatTheApiReceived() throws Exception {
        Customer c = customer(email());
        Run r = cli("requests");
        assertThat(r.lines()).anyMatch(l -> l.contains("POST") && l.contains("/v1/customers") && l.contains(" 200 "));
        HttpResponse<String> json = HttpPost.browser("GET", stripe.baseUrl() + "/_local/requests");
        JsonObject last = null;
        for (var e : JsonParser.parseString(json.body()).getAsJsonObject().getAsJsonArray("data")) {
            if (e.getAsJsonObject().get("path").getAsString().equals("/v1/customers")) {
                last = e.getAsJsonObject();
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.getAsJsonObject("params").get("email").getAsString()).isEqualTo(c.getEmail());
        assertThat(last.get("idempotency_key").isJsonNull()).isFalse();
    }

    @Test
    void mistakesHaveTheirExitCodes() throws Exception {
        Run unknownEmail = cli("renew", "nobody@example.com");
        assertThat(unknownEmail.code()).isEqualTo(1);
        assertThat(unknownEmail.err()).contains("No customer with e-mail 'nobody@example.com'");
        assertThat(cli("pay").code()).isEqualTo(2);
        assertThat(cli("frobnicate").code()).isEqualTo(2);
        Run noSession = cli("pay", "cs_test_nope");
        assertThat(noSession.code()).isEqualTo(1);
        assertThat(noSession.err()).contains("No such checkout.session");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--url", "http://127.0.0.1:" + closed, "events"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not reachable");

        HttpResponse<String> unknown = HttpPost.browser("POST", stripe.baseUrl() + "/_local/frobnicate");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JsonParser.parseString(unknown.body()).getAsJsonObject().getAsJsonObject("error").get("message")
                .getAsString()).contains("Unrecognized control URL");
    }

    @Test
    void resetForgetsEverythingButThePrices() throws Exception {
        try (LocalStripe local = LocalStripe.builder().start()) {
            HttpPost.form(local, "/v1/customers", "email=reset%40example.com");
            assertThat(local.events()).hasSize(1);
            HttpResponse<String> reset = HttpPost.browser("POST", local.baseUrl() + "/_local/reset");
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(local.events()).isEmpty();
            assertThat(local.requests()).isEmpty();
            assertThat(StripeClientFor.local(local).v1().customers().list().getData()).isEmpty();
            assertThat(StripeClientFor.local(local).v1().prices().retrieve(ConfiguredPrice.PRO_YEAR).getUnitAmount())
                    .isEqualTo(10000L);
        }
    }
}
