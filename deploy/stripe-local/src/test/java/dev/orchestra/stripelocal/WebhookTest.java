package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.Stripe;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Webhooks as Stripe sends them: signed, in Stripe's event shape, retried with backoff, resent on demand. */
class WebhookTest extends LocalStripeTestBase {

    /** Which stripe-java model each event kind's data.object must deserialize into. */
    private static final Map<String, Class<? extends StripeObject>> KINDS = Map.ofEntries(
            Map.entry("customer.created", Customer.class),
            Map.entry("customer.updated", Customer.class),
            Map.entry("customer.deleted", Customer.class),
            Map.entry("checkout.session.completed", com.stripe.model.checkout.Session.class),
            Map.entry("billing_portal.session.created", com.stripe.model.billingportal.Session.class),
            Map.entry("customer.subscription.created", Subscription.class),
            Map.entry("customer.subscription.updated", Subscription.class),
            Map.entry("customer.subscription.deleted", Subscription.class),
            Map.entry("invoice.created", Invoice.class),
            Map.entry("invoice.finalized", Invoice.class),
            Map.entry("invoice.paid", Invoice.class),
            Map.entry("invoice.payment_succeeded", Invoice.class),
            Map.entry("invoice.payment_failed", Invoice.class),
            Map.entry("invoice.voided", Invoice.class));

    @Test
    void everyKindOfEventArrivesSignedAsStripeSignsAndDeserializes() throws Exception {
        String email = email();
        int before = stripe.events().size();
        Outcome paid = subscribed(email);
        client.v1().customers().update(paid.customer(), CustomerUpdateParams.builder().setName("Ada L.").build());
        client.v1().billingPortal().sessions().create(com.stripe.param.billingportal.SessionCreateParams.builder()
                .setCustomer(paid.customer()).build());
        stripe.renew(email);
        Outcome failed = stripe.failPayment(email, false);
        stripe.voidInvoice(failed.invoice());
        stripe.cancel(email, true);
        stripe.cancel(email, false);
        client.v1().customers().delete(paid.customer());

        List<SentEvent> made = stripe.events().subList(before, stripe.events().size());
        assertThat(made).extracting(SentEvent::type).containsAll(KINDS.keySet());
        await().atMost(Duration.ofSeconds(10)).until(() -> made.stream().allMatch(e -> receiver.of(e.id()).size() == 1));

        Set<String> verified = new LinkedHashSet<>();
        for (SentEvent sent : made) {
            WebhookReceiver.Delivery d = receiver.of(sent.id()).get(0);
            assertThat(d.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
            assertThat(d.contentType()).startsWith("application/json");
            Event event = Webhook.constructEvent(d.payload(), d.signature(), SECRET);
            assertThat(event.getId()).startsWith("evt_");
            assertThat(event.getObject()).isEqualTo("event");
            assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
            assertThat(event.getLivemode()).isFalse();
            assertThat(event.getCreated()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(event.getRequest()).isNotNull();
            assertThat(event.getPendingWebhooks()).isEqualTo(1L);
            StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow(
                    () -> new AssertionError("data.object of " + event.getType() + " does not deserialize"));
            if (KINDS.containsKey(event.getType())) {
                assertThat(object).as(event.getType()).isInstanceOf(KINDS.get(event.getType()));
                verified.add(event.getType());
            }
        }
        assertThat(verified).containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    }

    @Test
    void aSignatureDoesNotVerifyWithAnotherSecretOrAnotherPayload() throws Exception {
        Customer c = customer(email());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().stream()
                .anyMatch(d -> d.payload().contains(c.getId())));
        WebhookReceiver.Delivery d = receiver.deliveries().stream().filter(x -> x.payload().contains(c.getId()))
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> Webhook.constructEvent(d.payload(), d.signature(), "whsec_other"))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.constructEvent(d.payload().replace("Ada", "Bob"), d.signature(), SECRET))
                .isInstanceOf(SignatureVerificationException.class);
        long t = Long.parseLong(d.signature().substring(2, d.signature().indexOf(',')));
        assertThat(d.signature()).isEqualTo(Webhook.Signature.generateSignatureHeader(d.payload(), SECRET, t));
    }

    @Test
    void theCheckoutEventsComeInStripesOrderWithSnapshotsOfTheirMoment() throws Exception {
        Outcome paid = subscribed(email());
        assertThat(paid.events()).hasSize(7);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(paid.events().get(6)).size() == 1);
        List<String> types = paid.events().stream().map(id -> receiver.of(id).get(0).type()).toList();
        assertThat(types).containsExactly("customer.subscription.created", "invoice.created", "invoice.finalized",
                "invoice.paid", "invoice.payment_succeeded", "customer.subscription.updated",
                "checkout.session.completed");
        Event created = Webhook.constructEvent(receiver.of(paid.events().get(0)).get(0).payload(),
                receiver.of(paid.events().get(0)).get(0).signature(), SECRET);
        assertThat(((Subscription) created.getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
                .isEqualTo("incomplete");
        Event draft = Webhook.constructEvent(receiver.of(paid.events().get(1)).get(0).payload(),
                receiver.of(paid.events().get(1)).get(0).signature(), SECRET);
        assertThat(((Invoice) draft.getDataObjectDeserializer().getObject().orElseThrow()).getStatus()).isEqualTo("draft");
        Event active = Webhook.constructEvent(receiver.of(paid.events().get(5)).get(0).payload(),
                receiver.of(paid.events().get(5)).get(0).signature(), SECRET);
        assertThat(((Subscription) active.getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
                .isEqualTo("active");
        assertThat(active.getData().getPreviousAttributes()).containsEntry("status", "incomplete");
        Event completed = Webhook.constructEvent(receiver.of(paid.events().get(6)).get(0).payload(),
                receiver.of(paid.events().get(6)).get(0).signature(), SECRET);
        com.stripe.model.checkout.Session session = (com.stripe.model.checkout.Session) completed
                .getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(session.getStatus()).isEqualTo("complete");
        assertThat(session.getPaymentStatus()).isEqualTo("paid");
        assertThat(session.getSubscription()).isEqualTo(paid.subscription());
        assertThat(session.getInvoice()).isEqualTo(paid.invoice());
        assertThat(session.getClientReferenceId()).isEqualTo("user-1");
        assertThat(session.getCustomerDetails().getEmail()).isNotBlank();
    }

    @Test
    void anEventCausedByAnApiRequestNamesTheRequestAndItsIdempotencyKey() throws Exception {
        Customer c = client.v1().customers().create(com.stripe.param.CustomerCreateParams.builder().setEmail(email()).build(),
                com.stripe.net.RequestOptions.builder().setIdempotencyKey("named-key-" + System.nanoTime()).build());
        SentEvent created = stripe.events().stream().filter(e -> e.payload().contains(c.getId())).findFirst().orElseThrow();
        Event event = client.v1().events().retrieve(created.id());
        assertThat(event.getRequest().getId()).isEqualTo(c.getLastResponse().requestId());
        assertThat(event.getRequest().getIdempotencyKey()).startsWith("named-key-");
    }

    @Test
    void aFailedDeliveryIsRetriedWithGrowingWaitsUntilA2xx() throws Exception {
        try (WebhookReceiver flaky = new WebhookReceiver();
                LocalStripe local = LocalStripe.builder().webhookUrl(flaky.url()).webhookSecret(SECRET)
                        .retries(Duration.ofMillis(300), Duration.ofSeconds(5), 5).start()) {
            flaky.answerNext(500, 503);
            String body = "email=retry%40example.com";
            HttpPost.form(local, "/v1/customers", body);
            SentEvent event = local.events().get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> local.event(event.id()).orElseThrow().status()
                    .equals(EventRecord.DELIVERED));

            List<WebhookReceiver.Delivery> tries = flaky.of(event.id());
            assertThat(tries).hasSize(3);
            assertThat(tries).extracting(WebhookReceiver.Delivery::payload).containsOnly(tries.get(0).payload());
            Duration firstWait = Duration.between(tries.get(0).at(), tries.get(1).at());
            Duration secondWait = Duration.between(tries.get(1).at(), tries.get(2).at());
            assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(550));
            SentEvent delivered = local.event(event.id()).orElseThrow();
            assertThat(delivered.attempts()).isEqualTo(3);
            assertThat(delivered.lastError()).isEqualTo("HTTP 503");
            for (WebhookReceiver.Delivery d : tries) {
                assertThat(Webhook.constructEvent(d.payload(), d.signature(), SECRET).getId()).isEqualTo(event.id());
            }
            StripeCollection<Event> listed = StripeClientFor.local(local).v1().events().list();
            assertThat(listed.getData().get(0).getPendingWebhooks()).isZero();
        }
    }

    @Test
    void anUnreachableEndpointIsRetriedThenGivenUpAndListedAsUndelivered() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (LocalStripe local = LocalStripe.builder().webhookUrl("http://127.0.0.1:" + closedPort + "/hook")
                .retries(Duration.ofMillis(50), Duration.ofMillis(100), 3).start()) {
            HttpPost.form(local, "/v1/customers", "email=nobody%40example.com");
            String id = local.events().get(0).id();
            await().atMost(Duration.ofSeconds(5)).until(() -> local.event(id).orElseThrow().status()
                    .equals(EventRecord.FAILED));
            SentEvent failed = local.event(id).orElseThrow();
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.lastError()).contains("ConnectException");
            StripeCollection<Event> undelivered = StripeClientFor.local(local).v1().events().list(
                    EventListParams.builder().setDeliverySuccess(false).build());
            assertThat(undelivered.getData()).extracting(Event::getId).containsExactly(id);
            assertThat(undelivered.getData().get(0).getPendingWebhooks()).isEqualTo(1L);
            assertThat(StripeClientFor.local(local).v1().events().list(EventListParams.builder()
                    .setDeliverySuccess(true).build()).getData()).isEmpty();
        }
    }

    @Test
    void resendDeliversTheSameEventAgain() throws Exception {
        Customer c = customer(email());
        SentEvent created = stripe.events().stream().filter(e -> e.payload().contains(c.getId())).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(created.id()).size() == 1);
        stripe.resend(created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(created.id()).size() == 2);
        List<WebhookReceiver.Delivery> both = receiver.of(created.id());
        Event first = Webhook.constructEvent(both.get(0).payload(), both.get(0).signature(), SECRET);
        Event second = Webhook.constructEvent(both.get(1).payload(), both.get(1).signature(), SECRET);
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getType()).isEqualTo("customer.created");
        assertThat(((Customer) second.getDataObjectDeserializer().getObject().orElseThrow()).getId()).isEqualTo(c.getId());
        await().atMost(Duration.ofSeconds(5)).until(() -> stripe.event(created.id()).orElseThrow().status()
                .equals(EventRecord.DELIVERED));
        assertThat(stripe.event(created.id()).orElseThrow().deliveries()).isEqualTo(2);
        assertThatThrownBy(() -> stripe.resend("evt_nope")).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("No such event");
    }

    @Test
    void aSlowEndpointNeverSlowsTheApi() throws Exception {
        try (WebhookReceiver slow = new WebhookReceiver();
                LocalStripe local = LocalStripe.builder().webhookUrl(slow.url()).start()) {
            slow.delay(Duration.ofSeconds(2));
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                HttpPost.form(local, "/v1/customers", "email=slow" + i + "%40example.com");
            }
            // One delivery alone takes 2 s: the three answers came before any of them was delivered.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
            assertThat(local.events()).hasSize(3);
            assertThat(local.events()).extracting(SentEvent::status).doesNotContain(EventRecord.DELIVERED);
        }
    }

    @Test
    void withoutAWebhookUrlEventsAreRecordedOnly() throws Exception {
        try (LocalStripe local = LocalStripe.builder().start()) {
            HttpPost.form(local, "/v1/customers", "email=quiet%40example.com");
            assertThat(local.events()).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(EventRecord.SKIPPED);
                assertThat(e.attempts()).isZero();
            });
            Event e = StripeClientFor.local(local).v1().events().list().getData().get(0);
            assertThat(e.getPendingWebhooks()).isZero();
        }
    }
}
