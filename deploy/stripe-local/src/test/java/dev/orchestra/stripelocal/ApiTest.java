package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PriceRetrieveParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint through stripe-java's own StripeClient: the answers deserialize into its models with the right values. */
class ApiTest extends LocalStripeTestBase {

    @Test
    void speaksTheApiVersionOfStripeJava() throws StripeException {
        assertThat(LocalStripe.API_VERSION).isEqualTo(Stripe.API_VERSION);
        Customer c = customer(email());
        assertThat(c.getLastResponse().headers().firstValue("Stripe-Version")).contains(Stripe.API_VERSION);
        ReceivedRequest sent = stripe.requests().stream().filter(r -> r.path().equals("/v1/customers")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(sent.stripeVersion()).isEqualTo(Stripe.API_VERSION);
    }

    @Test
    void customersAreCreatedRetrievedUpdatedListedAndDeleted() throws StripeException {
        String email = email();
        Customer created = customer(email);
        assertThat(created.getId()).startsWith("cus_");
        assertThat(created.getObject()).isEqualTo("customer");
        assertThat(created.getEmail()).isEqualTo(email);
        assertThat(created.getName()).isEqualTo("Ada");
        assertThat(created.getMetadata()).containsEntry("user_id", "u-" + email.hashCode());
        assertThat(created.getLivemode()).isFalse();
        assertThat(created.getInvoicePrefix()).hasSize(8);
        assertThat(created.getNextInvoiceSequence()).isEqualTo(1L);
        assertThat(created.getCreated()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(created.getLastResponse().requestId()).startsWith("req_");

        Customer updated = client.v1().customers().update(created.getId(), CustomerUpdateParams.builder()
                .setName("Ada Lovelace").putMetadata("plan", "pro").build());
        assertThat(updated.getName()).isEqualTo("Ada Lovelace");
        assertThat(updated.getMetadata()).containsEntry("plan", "pro").containsEntry("user_id", "u-" + email.hashCode());
        assertThat(client.v1().customers().retrieve(created.getId()).getName()).isEqualTo("Ada Lovelace");

        StripeCollection<Customer> byEmail = client.v1().customers().list(CustomerListParams.builder().setEmail(email).build());
        assertThat(byEmail.getData()).extracting(Customer::getId).containsExactly(created.getId());
        assertThat(byEmail.getHasMore()).isFalse();

        Customer deleted = client.v1().customers().delete(created.getId());
        assertThat(deleted.getId()).isEqualTo(created.getId());
        assertThat(deleted.getDeleted()).isTrue();
        assertThat(client.v1().customers().retrieve(created.getId()).getDeleted()).isTrue();
        assertThat(client.v1().customers().list(CustomerListParams.builder().setEmail(email).build()).getData()).isEmpty();
        assertThatThrownBy(() -> client.v1().customers().update(created.getId(),
                CustomerUpdateParams.builder().setName("x").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                    assertThat(e.getMessage()).contains("No such customer: '" + created.getId() + "'");
                });
    }

    @Test
    void checkoutSessionInStripesShape() throws StripeException {
        Customer c = customer(email());
        Session s = checkout(c.getId(), ConfiguredPrice.PRO_YEAR);
        assertThat(s.getId()).startsWith("cs_test_");
        assertThat(s.getObject()).isEqualTo("checkout.session");
        assertThat(s.getMode()).isEqualTo("subscription");
        assertThat(s.getCustomer()).isEqualTo(c.getId());
        assertThat(s.getClientReferenceId()).isEqualTo("user-1");
        assertThat(s.getStatus()).isEqualTo("open");
        assertThat(s.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(s.getAmountTotal()).isEqualTo(10000L);
        assertThat(s.getCurrency()).isEqualTo("usd");
        assertThat(s.getSuccessUrl()).isEqualTo("http://app.local/billing/success?session={CHECKOUT_SESSION_ID}");
        assertThat(s.getCancelUrl()).isEqualTo("http://app.local/billing/cancel");
        assertThat(s.getMetadata()).containsEntry("purpose", "upgrade");
        assertThat(s.getUrl()).isEqualTo(stripe.baseUrl() + "/c/pay/" + s.getId());
        assertThat(s.getExpiresAt()).isEqualTo(s.getCreated() + 24 * 3600);
        assertThat(s.getSubscription()).isNull();
        assertThat(s.getLineItems()).isNull();

        Session withItems = client.v1().checkout().sessions().retrieve(s.getId(),
                SessionRetrieveParams.builder().addExpand("line_items").addExpand("customer").build());
        assertThat(withItems.getLineItems().getData()).singleElement().satisfies(item -> {
            assertThat(item.getPrice().getId()).isEqualTo(ConfiguredPrice.PRO_YEAR);
            assertThat(item.getPrice().getRecurring().getInterval()).isEqualTo("year");
            assertThat(item.getQuantity()).isEqualTo(1L);
            assertThat(item.getAmountTotal()).isEqualTo(10000L);
            assertThat(item.getDescription()).isEqualTo("Orchestra Pro");
        });
        assertThat(withItems.getCustomerObject().getEmail()).isEqualTo(c.getEmail());

        ReceivedRequest sent = stripe.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions")
                && r.method().equals("POST")).reduce((a, b) -> b).orElseThrow();
        assertThat(sent.params()).containsEntry("mode", "subscription").containsEntry("customer", c.getId())
                .containsEntry("line_items[0][price]", ConfiguredPrice.PRO_YEAR)
                .containsEntry("line_items[0][quantity]", "1").containsEntry("client_reference_id", "user-1")
                .containsEntry("subscription_data[metadata][user_id]", "user-1");
        assertThat(sent.idempotencyKey()).isNotBlank();
    }

    @Test
    void refusesWhatStripeRefuses() throws StripeException {
        Customer c = customer(email());
        assertThatThrownBy(() -> client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(c.getId()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("parameter_missing");
                    assertThat(e.getParam()).isEqualTo("line_items");
                });
        assertThatThrownBy(() -> checkout(c.getId(), "price_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("line_items[0][price]");
                });
        assertThatThrownBy(() -> checkout("cus_nope", ConfiguredPrice.PRO_MONTH))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("customer"));
        assertThatThrownBy(() -> client.v1().customers().create(com.stripe.param.CustomerCreateParams.builder()
                .putExtraParam("favourite_colour", "blue").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("parameter_unknown");
                    assertThat(e.getParam()).isEqualTo("favourite_colour");
                });
        assertThatThrownBy(() -> client.v1().subscriptions().retrieve("sub_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("id");
                    assertThat(e.getRequestId()).startsWith("req_");
                });
    }

    @Test
    void aWrongApiKeyIsAnAuthenticationException() {
        assertThatThrownBy(() -> client("sk_test_wrong_key_1234").v1().customers().create(
                com.stripe.param.CustomerCreateParams.builder().setEmail(email()).build()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getRequestId()).startsWith("req_");
                    assertThat(e.getMessage()).contains("Invalid API Key provided: sk_test_").contains("1234")
                            .doesNotContain("wrong_key");
                });
    }

    @Test
    void noApiKeyIsA401InStripesEnvelope() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stripe.baseUrl() + "/v1/customers")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Request-Id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonObject error = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("type").getAsString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").getAsString()).startsWith("You did not provide an API key.");
    }

    @Test
    void anUnknownUrlIsA404InStripesEnvelope() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stripe.baseUrl() + "/v1/charges")).header("Authorization", "Bearer " + stripe.apiKey())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        JsonObject error = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("type").getAsString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").getAsString()).startsWith("Unrecognized request URL (GET: /v1/charges)");
    }

    @Test
    void portalSessionInStripesShape() throws StripeException {
        Customer c = customer(email());
        com.stripe.model.billingportal.Session p = client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(c.getId())
                        .setReturnUrl("http://app.local/settings/billing").build());
        assertThat(p.getId()).startsWith("bps_");
        assertThat(p.getObject()).isEqualTo("billing_portal.session");
        assertThat(p.getCustomer()).isEqualTo(c.getId());
        assertThat(p.getReturnUrl()).isEqualTo("http://app.local/settings/billing");
        assertThat(p.getUrl()).isEqualTo(stripe.baseUrl() + "/p/session/" + p.getId());
        assertThat(p.getConfiguration()).startsWith("bpc_");
        assertThat(p.getLivemode()).isFalse();
        assertThatThrownBy(() -> client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer("cus_nope").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("customer");
                });
    }

    @Test
    void subscriptionAndInvoiceAfterPayment() throws StripeException {
        String email = email();
        Outcome paid = subscribed(email);
        Subscription sub = client.v1().subscriptions().retrieve(paid.subscription(),
                SubscriptionRetrieveParams.builder().addExpand("latest_invoice").build());
        assertThat(sub.getObject()).isEqualTo("subscription");
        assertThat(sub.getStatus()).isEqualTo("active");
        assertThat(sub.getCustomer()).isEqualTo(paid.customer());
        assertThat(sub.getCancelAtPeriodEnd()).isFalse();
        assertThat(sub.getCurrency()).isEqualTo("usd");
        assertThat(sub.getMetadata()).containsEntry("user_id", "user-1");
        assertThat(sub.getLatestInvoiceObject().getId()).isEqualTo(paid.invoice());
        SubscriptionItem item = sub.getItems().getData().get(0);
        assertThat(item.getId()).startsWith("si_");
        assertThat(item.getPrice().getId()).isEqualTo(ConfiguredPrice.PRO_MONTH);
        assertThat(item.getPrice().getUnitAmount()).isEqualTo(1000L);
        assertThat(item.getPlan().getInterval()).isEqualTo("month");
        assertThat(item.getQuantity()).isEqualTo(1L);
        assertThat(item.getCurrentPeriodStart()).isEqualTo(sub.getStartDate());
        assertThat(Instant.ofEpochSecond(item.getCurrentPeriodEnd())).isEqualTo(
                Instant.ofEpochSecond(item.getCurrentPeriodStart()).atZone(ZoneOffset.UTC).plusMonths(1).toInstant());

        Invoice invoice = client.v1().invoices().retrieve(paid.invoice());
        assertThat(invoice.getObject()).isEqualTo("invoice");
        assertThat(invoice.getStatus()).isEqualTo("paid");
        assertThat(invoice.getCustomer()).isEqualTo(paid.customer());
        assertThat(invoice.getCustomerEmail()).isEqualTo(email);
        assertThat(invoice.getNumber()).matches("[0-9A-Z]{8}-0001");
        assertThat(invoice.getAmountDue()).isEqualTo(1000L);
        assertThat(invoice.getAmountPaid()).isEqualTo(1000L);
        assertThat(invoice.getAmountRemaining()).isZero();
        assertThat(invoice.getCurrency()).isEqualTo("usd");
        assertThat(invoice.getBillingReason()).isEqualTo("subscription_create");
        assertThat(invoice.getAttemptCount()).isEqualTo(1L);
        assertThat(invoice.getHostedInvoiceUrl()).isEqualTo(stripe.baseUrl() + "/i/" + paid.invoice());
        assertThat(invoice.getInvoicePdf()).isEqualTo(stripe.baseUrl() + "/i/" + paid.invoice() + "/pdf");
        assertThat(invoice.getParent().getType()).isEqualTo("subscription_details");
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(paid.subscription());
        assertThat(invoice.getParent().getSubscriptionDetails().getMetadata()).containsEntry("user_id", "user-1");
        assertThat(invoice.getStatusTransitions().getPaidAt()).isNotNull();
        assertThat(invoice.getStatusTransitions().getFinalizedAt()).isNotNull();
        InvoiceLineItem line = invoice.getLines().getData().get(0);
        assertThat(line.getPeriod().getStart()).isEqualTo(item.getCurrentPeriodStart());
        assertThat(line.getPeriod().getEnd()).isEqualTo(item.getCurrentPeriodEnd());
        assertThat(line.getPricing().getPriceDetails().getPrice()).isEqualTo(ConfiguredPrice.PRO_MONTH);
        assertThat(line.getParent().getSubscriptionItemDetails().getSubscription()).isEqualTo(paid.subscription());
        assertThat(line.getAmount()).isEqualTo(1000L);

        assertThat(client.v1().invoices().list(InvoiceListParams.builder().setCustomer(paid.customer()).build())
                .getData()).extracting(Invoice::getId).containsExactly(paid.invoice());
        assertThat(client.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(paid.customer()).build())
                .getData()).extracting(Subscription::getId).containsExactly(paid.subscription());
    }

    @Test
    void subscriptionsAreCanceledAtPeriodEndOrNow() throws StripeException {
        Outcome paid = subscribed(email());
        Subscription atEnd = client.v1().subscriptions().update(paid.subscription(),
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
        assertThat(atEnd.getCancelAtPeriodEnd()).isTrue();
        assertThat(atEnd.getCancelAt()).isEqualTo(atEnd.getItems().getData().get(0).getCurrentPeriodEnd());
        assertThat(atEnd.getCanceledAt()).isNotNull();
        assertThat(atEnd.getCancellationDetails().getReason()).isEqualTo("cancellation_requested");
        assertThat(atEnd.getStatus()).isEqualTo("active");

        Subscription undone = client.v1().subscriptions().update(paid.subscription(),
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build());
        assertThat(undone.getCancelAtPeriodEnd()).isFalse();
        assertThat(undone.getCancelAt()).isNull();

        Subscription canceled = client.v1().subscriptions().cancel(paid.subscription(),
                SubscriptionCancelParams.builder().setCancellationDetails(SubscriptionCancelParams.CancellationDetails
                        .builder().setFeedback(SubscriptionCancelParams.CancellationDetails.Feedback.TOO_EXPENSIVE)
                        .build()).build());
        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getEndedAt()).isNotNull();
        assertThat(canceled.getCanceledAt()).isNotNull();
        assertThat(canceled.getCancellationDetails().getFeedback()).isEqualTo("too_expensive");
        assertThat(client.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(paid.customer()).build())
                .getData()).isEmpty();
        assertThatThrownBy(() -> client.v1().subscriptions().cancel(paid.subscription()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void pricesAndProducts() throws StripeException {
        Price month = client.v1().prices().retrieve(ConfiguredPrice.PRO_MONTH,
                PriceRetrieveParams.builder().addExpand("product").build());
        assertThat(month.getUnitAmount()).isEqualTo(1000L);
        assertThat(month.getCurrency()).isEqualTo("usd");
        assertThat(month.getType()).isEqualTo("recurring");
        assertThat(month.getRecurring().getInterval()).isEqualTo("month");
        assertThat(month.getActive()).isTrue();
        assertThat(month.getProductObject().getName()).isEqualTo("Orchestra Pro");
        Price year = client.v1().prices().retrieve(ConfiguredPrice.PRO_YEAR);
        assertThat(year.getUnitAmount()).isEqualTo(10000L);
        assertThat(year.getRecurring().getInterval()).isEqualTo("year");
        assertThat(year.getProduct()).isEqualTo(ConfiguredPrice.PRO_PRODUCT);
    }

    @Test
    void eventsAreListedNewestFirstPagedAndFiltered() throws StripeException {
        long before = Instant.now().getEpochSecond() - 1;
        Outcome paid = subscribed(email());
        StripeCollection<Event> page = client.v1().events().list(EventListParams.builder().setLimit(3L).build());
        assertThat(page.getData()).hasSize(3);
        assertThat(page.getHasMore()).isTrue();
        assertThat(page.getData().get(0).getId()).isEqualTo(paid.events().get(paid.events().size() - 1));
        assertThat(page.getData().get(0).getType()).isEqualTo("checkout.session.completed");
        StripeCollection<Event> next = client.v1().events().list(EventListParams.builder().setLimit(3L)
                .setStartingAfter(page.getData().get(2).getId()).build());
        List<String> expectedNext = new ArrayList<>(paid.events().subList(paid.events().size() - 6,
                paid.events().size() - 3));
        Collections.reverse(expectedNext);
        assertThat(next.getData()).extracting(Event::getId).containsExactlyElementsOf(expectedNext);

        StripeCollection<Event> invoicesPaid = client.v1().events().list(EventListParams.builder().addType("invoice.paid")
                .addType("invoice.finalized").setCreated(EventListParams.Created.builder().setGt(before).build())
                .setLimit(100L).build());
        assertThat(invoicesPaid.getData()).extracting(Event::getType).contains("invoice.paid", "invoice.finalized")
                .containsOnly("invoice.paid", "invoice.finalized");
        assertThat(client.v1().events().list(EventListParams.builder().setCreated(EventListParams.Created.builder()
                .setGt(Instant.now().getEpochSecond() + 60).build()).build()).getData()).isEmpty();

        Event one = client.v1().events().retrieve(paid.events().get(0));
        assertThat(one.getId()).isEqualTo(paid.events().get(0));
        assertThat(one.getApiVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(one.getType()).isEqualTo("customer.subscription.created");
        assertThat(one.getDataObjectDeserializer().getObject()).get().isInstanceOfSatisfying(Subscription.class,
                s -> assertThat(s.getStatus()).isEqualTo("incomplete"));
    }

    @Test
    void anInjectedFaultIsStripesApiErrorAndIsNotKeptForTheIdempotencyKey() throws StripeException {
        stripe.injectFault(500, 1, "POST", "/v1/customers", Duration.ZERO);
        String email = email();
        com.stripe.net.RequestOptions sameKey = com.stripe.net.RequestOptions.builder().setIdempotencyKey("fault-" + email)
                .build();
        com.stripe.param.CustomerCreateParams params = com.stripe.param.CustomerCreateParams.builder().setEmail(email).build();
        assertThatThrownBy(() -> client.v1().customers().create(params, sameKey))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(500);
                    assertThat(e.getStripeError().getType()).isEqualTo("api_error");
                });
        Customer c = client.v1().customers().create(params, sameKey);
        assertThat(c.getEmail()).isEqualTo(email);
        assertThat(c.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void expandsNestedIdsAndRefusesWhatCannotBeExpanded() throws StripeException {
        Outcome paid = subscribed(email());
        Customer c = client.v1().customers().retrieve(paid.customer(), CustomerRetrieveParams.builder().build());
        assertThat(c.getCurrency()).isEqualTo("usd");
        Subscription sub = client.v1().subscriptions().retrieve(paid.subscription(), SubscriptionRetrieveParams.builder()
                .addExpand("customer").addExpand("items.data.price.product").build());
        assertThat(sub.getCustomerObject().getId()).isEqualTo(paid.customer());
        assertThat(sub.getItems().getData().get(0).getPrice().getProductObject().getName()).isEqualTo("Orchestra Pro");
        assertThatThrownBy(() -> client.v1().subscriptions().retrieve(paid.subscription(),
                SubscriptionRetrieveParams.builder().addExpand("status").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
                        .contains("This property cannot be expanded (status)"));
    }
}
