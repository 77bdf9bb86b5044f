package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted life of a subscription, and the pages a person clicks: each makes Stripe's objects and events. */
class FlowsTest extends LocalStripeTestBase {

    @Test
    void thePayButtonOfTheCheckoutPageSubscribesAndRedirectsToTheSuccessUrl() throws Exception {
        Customer c = customer(email());
        Session s = checkout(c.getId(), ConfiguredPrice.PRO_MONTH);
        HttpResponse<String> page = HttpPost.browser("GET", s.getUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Orchestra Pro", "$10.00", "per month", c.getEmail(), ">Pay<", ">Cancel<");

        HttpResponse<String> paid = HttpPost.browser("POST", s.getUrl() + "/pay");
        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location"))
                .contains("http://app.local/billing/success?session=" + s.getId());

        Session done = client.v1().checkout().sessions().retrieve(s.getId());
        assertThat(done.getStatus()).isEqualTo("complete");
        assertThat(done.getPaymentStatus()).isEqualTo("paid");
        assertThat(done.getUrl()).isNull();
        Subscription sub = client.v1().subscriptions().retrieve(done.getSubscription());
        assertThat(sub.getStatus()).isEqualTo("active");
        assertThat(sub.getLatestInvoice()).isEqualTo(done.getInvoice());
        assertThat(client.v1().invoices().retrieve(done.getInvoice()).getStatus()).isEqualTo("paid");

        // A second click (or a reload of the POST) does not pay twice.
        assertThat(HttpPost.browser("POST", s.getUrl() + "/pay").statusCode()).isEqualTo(303);
        assertThat(client.v1().subscriptions().list(com.stripe.param.SubscriptionListParams.builder()
                .setCustomer(c.getId()).build()).getData()).hasSize(1);
        assertThat(HttpPost.browser("GET", s.getUrl()).body()).contains("complete").doesNotContain(">Pay<");
        assertThatThrownBy(() -> stripe.pay(s.getId())).hasMessageContaining("complete");
    }

    @Test
    void theCancelButtonRedirectsToTheCancelUrlAndLeavesTheSessionOpen() throws Exception {
        Customer c = customer(email());
        Session s = checkout(c.getId(), ConfiguredPrice.PRO_YEAR);
        HttpResponse<String> canceled = HttpPost.browser("POST", s.getUrl() + "/cancel");
        assertThat(canceled.statusCode()).isEqualTo(303);
        assertThat(canceled.headers().firstValue("Location")).contains("http://app.local/billing/cancel");
        assertThat(client.v1().checkout().sessions().retrieve(s.getId()).getStatus()).isEqualTo("open");
    }

    @Test
    void aSessionWithoutACustomerMakesOneFromItsEmail() throws Exception {
        String email = email();
        Session s = client.v1().checkout().sessions().create(com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION).setCustomerEmail(email)
                .addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                        .setPrice(ConfiguredPrice.PRO_MONTH).setQuantity(1L).build())
                .setSuccessUrl("http://app.local/ok").build());
        assertThat(s.getCustomerCreation()).isEqualTo("always");
        Outcome paid = stripe.pay(s.getId());
        assertThat(client.v1().customers().retrieve(paid.customer()).getEmail()).isEqualTo(email);
        assertThat(stripe.event(paid.events().get(0)).orElseThrow().type()).isEqualTo("customer.created");
    }

    @Test
    void renewStartsTheNextPeriodWithANewPaidInvoice() throws StripeException {
        String email = email();
        Outcome first = subscribed(email);
        SubscriptionItem before = client.v1().subscriptions().retrieve(first.subscription()).getItems().getData().get(0);

        Outcome renewed = stripe.renew(email);
        assertThat(types(renewed)).containsExactly("customer.subscription.updated", "invoice.created",
                "invoice.finalized", "invoice.paid", "invoice.payment_succeeded");
        Subscription sub = client.v1().subscriptions().retrieve(first.subscription());
        SubscriptionItem item = sub.getItems().getData().get(0);
        assertThat(sub.getStatus()).isEqualTo("active");
        assertThat(item.getCurrentPeriodStart()).isEqualTo(before.getCurrentPeriodEnd());
        assertThat(Instant.ofEpochSecond(item.getCurrentPeriodEnd())).isEqualTo(Instant.ofEpochSecond(
                before.getCurrentPeriodEnd()).atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
        assertThat(sub.getLatestInvoice()).isEqualTo(renewed.invoice()).isNotEqualTo(first.invoice());

        Invoice invoice = client.v1().invoices().retrieve(renewed.invoice());
        assertThat(invoice.getStatus()).isEqualTo("paid");
        assertThat(invoice.getBillingReason()).isEqualTo("subscription_cycle");
        assertThat(invoice.getNumber()).endsWith("-0002");
        assertThat(invoice.getAmountPaid()).isEqualTo(1000L);
        assertThat(invoice.getPeriodStart()).isEqualTo(before.getCurrentPeriodStart());
        assertThat(invoice.getPeriodEnd()).isEqualTo(before.getCurrentPeriodEnd());
        assertThat(invoice.getLines().getData().get(0).getPeriod().getStart()).isEqualTo(item.getCurrentPeriodStart());
        assertThat(invoice.getLines().getData().get(0).getPeriod().getEnd()).isEqualTo(item.getCurrentPeriodEnd());
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(first.subscription());
    }

    @Test
    void aFailedPaymentMakesThePastDueAndARetryThatSucceedsMakesItActive() throws StripeException {
        String email = email();
        Outcome first = subscribed(email);
        Outcome failed = stripe.failPayment(email, false);
        assertThat(types(failed)).containsExactly("customer.subscription.updated", "invoice.created",
                "invoice.finalized", "invoice.payment_failed", "customer.subscription.updated");
        Invoice open = client.v1().invoices().retrieve(failed.invoice());
        assertThat(open.getStatus()).isEqualTo("open");
        assertThat(open.getAttempted()).isTrue();
        assertThat(open.getAttemptCount()).isEqualTo(1L);
        assertThat(open.getAmountPaid()).isZero();
        assertThat(open.getAmountRemaining()).isEqualTo(1000L);
        assertThat(open.getNextPaymentAttempt()).isCloseTo(Instant.now().getEpochSecond() + 3 * 24 * 3600,
                org.assertj.core.data.Offset.offset(60L));
        assertThat(open.getHostedInvoiceUrl()).isNotNull();
        Subscription pastDue = client.v1().subscriptions().retrieve(first.subscription());
        assertThat(pastDue.getStatus()).isEqualTo("past_due");
        assertThat(pastDue.getLatestInvoice()).isEqualTo(failed.invoice());

        Outcome retried = stripe.renew(email);
        assertThat(types(retried)).containsExactly("invoice.paid", "invoice.payment_succeeded",
                "customer.subscription.updated");
        assertThat(retried.invoice()).isEqualTo(failed.invoice());
        Invoice paid = client.v1().invoices().retrieve(failed.invoice());
        assertThat(paid.getStatus()).isEqualTo("paid");
        assertThat(paid.getAttemptCount()).isEqualTo(2L);
        assertThat(paid.getNextPaymentAttempt()).isNull();
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getStatus()).isEqualTo("active");
    }

    @Test
    void theLastFailedRetryMakesTheSubscriptionUnpaid() throws StripeException {
        String email = email();
        Outcome first = subscribed(email);
        stripe.failPayment(email, false);
        Outcome second = stripe.failPayment(email, false);
        assertThat(types(second)).containsExactly("invoice.payment_failed");
        Outcome last = stripe.failPayment(email, true);
        assertThat(types(last)).containsExactly("invoice.payment_failed", "customer.subscription.updated");
        Invoice invoice = client.v1().invoices().retrieve(last.invoice());
        assertThat(invoice.getAttemptCount()).isEqualTo(3L);
        assertThat(invoice.getNextPaymentAttempt()).isNull();
        assertThat(invoice.getStatus()).isEqualTo("open");
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getStatus()).isEqualTo("unpaid");

        Outcome voided = stripe.voidInvoice(last.invoice());
        assertThat(types(voided)).containsExactly("invoice.voided");
        assertThat(client.v1().invoices().retrieve(last.invoice()).getStatus()).isEqualTo("void");
    }

    @Test
    void cancelAtPeriodEndThenTheEndOfThePeriodEndsTheSubscription() throws StripeException {
        String email = email();
        Outcome first = subscribed(email);
        Outcome scheduled = stripe.cancel(email, true);
        assertThat(types(scheduled)).containsExactly("customer.subscription.updated");
        Subscription sub = client.v1().subscriptions().retrieve(first.subscription());
        assertThat(sub.getCancelAtPeriodEnd()).isTrue();
        assertThat(sub.getStatus()).isEqualTo("active");
        long periodEnd = sub.getItems().getData().get(0).getCurrentPeriodEnd();
        assertThat(sub.getCancelAt()).isEqualTo(periodEnd);

        Outcome ended = stripe.renew(email);
        assertThat(types(ended)).containsExactly("customer.subscription.deleted");
        Subscription gone = client.v1().subscriptions().retrieve(first.subscription());
        assertThat(gone.getStatus()).isEqualTo("canceled");
        assertThat(gone.getEndedAt()).isEqualTo(periodEnd);
        assertThatThrownBy(() -> stripe.renew(email)).hasMessageContaining("no subscription that has not ended");
    }

    @Test
    void cancelNowEndsTheSubscriptionAtOnce() throws StripeException {
        String email = email();
        Outcome first = subscribed(email);
        Outcome canceled = stripe.cancel(email, false);
        assertThat(types(canceled)).containsExactly("customer.subscription.deleted");
        Subscription sub = client.v1().subscriptions().retrieve(first.subscription());
        assertThat(sub.getStatus()).isEqualTo("canceled");
        assertThat(sub.getEndedAt()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThatThrownBy(() -> stripe.cancel("nobody@example.com", false)).hasMessageContaining("No customer");
    }

    @Test
    void deletingACustomerEndsItsSubscription() throws StripeException {
        Outcome first = subscribed(email());
        int before = stripe.events().size();
        client.v1().customers().delete(first.customer());
        assertThat(stripe.events().subList(before, stripe.events().size())).extracting(SentEvent::type)
                .containsExactly("customer.subscription.deleted", "customer.deleted");
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getStatus()).isEqualTo("canceled");
    }

    @Test
    void thePortalPageCancelsAtPeriodEndUndoesItAndCancelsNow() throws Exception {
        String email = email();
        Outcome first = subscribed(email);
        com.stripe.model.billingportal.Session portal = client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(first.customer())
                        .setReturnUrl("http://app.local/settings").build());
        HttpResponse<String> page = HttpPost.browser("GET", portal.getUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(email, "Orchestra Pro", "active", "Renews on", ">Cancel at period end<",
                ">Cancel now<", "href='http://app.local/settings'", client.v1().invoices().retrieve(first.invoice()).getNumber());
        String base = portal.getUrl() + "/" + first.subscription();

        HttpResponse<String> atEnd = HttpPost.browser("POST", base + "/cancel-at-period-end");
        assertThat(atEnd.statusCode()).isEqualTo(303);
        assertThat(atEnd.headers().firstValue("Location")).contains("/p/session/" + portal.getId());
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getCancelAtPeriodEnd()).isTrue();
        assertThat(HttpPost.browser("GET", portal.getUrl()).body()).contains("Cancels on", ">Don't cancel<");
        assertThat(lastType()).isEqualTo("customer.subscription.updated");

        HttpPost.browser("POST", base + "/resume");
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getCancelAtPeriodEnd()).isFalse();

        HttpPost.browser("POST", base + "/cancel-now");
        assertThat(client.v1().subscriptions().retrieve(first.subscription()).getStatus()).isEqualTo("canceled");
        assertThat(lastType()).isEqualTo("customer.subscription.deleted");
        assertThat(HttpPost.browser("GET", portal.getUrl()).body()).contains("canceled").doesNotContain(">Cancel now<");

        Outcome someoneElse = subscribed(email());
        assertThat(HttpPost.browser("POST", portal.getUrl() + "/" + someoneElse.subscription() + "/cancel-now")
                .statusCode()).isEqualTo(404);
        assertThat(client.v1().subscriptions().retrieve(someoneElse.subscription()).getStatus()).isEqualTo("active");
    }

    @Test
    void theDonePageIsWhereTheLocalStacksSuccessCancelAndReturnUrlsLand() throws Exception {
        // The URLs the local stack gives billing-service (deploy/local/services.sh): this server's own page.
        String done = stripe.baseUrl() + "/done";
        Customer c = customer(email());
        Session s = client.v1().checkout().sessions().create(com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(c.getId())
                .addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                        .setPrice(ConfiguredPrice.PRO_MONTH).setQuantity(1L).build())
                .setSuccessUrl(done + "?result=success&session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl(done + "?result=cancel").build());

        // Cancel lands on a page that exists, and says nothing was charged.
        String canceled = HttpPost.browser("POST", s.getUrl() + "/cancel").headers().firstValue("Location").orElseThrow();
        assertThat(canceled).isEqualTo(done + "?result=cancel");
        HttpResponse<String> cancelPage = HttpPost.browser("GET", canceled);
        assertThat(cancelPage.statusCode()).isEqualTo(200);
        assertThat(cancelPage.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(cancelPage.body()).contains("Checkout canceled", "Nothing was charged", "go back to Orchestra");

        // The success URL reached before paying does not claim a payment.
        HttpResponse<String> early = HttpPost.browser("GET", done + "?result=success&session_id=" + s.getId());
        assertThat(early.statusCode()).isEqualTo(200);
        assertThat(early.body()).contains("Not paid", "open").doesNotContain("Payment complete");

        // Pay lands on the success page of that session.
        String paid = HttpPost.browser("POST", s.getUrl() + "/pay").headers().firstValue("Location").orElseThrow();
        assertThat(paid).isEqualTo(done + "?result=success&session_id=" + s.getId());
        HttpResponse<String> successPage = HttpPost.browser("GET", paid);
        assertThat(successPage.statusCode()).isEqualTo(200);
        assertThat(successPage.body()).contains("Payment complete — go back to Orchestra", "Orchestra Pro", "$10.00", "per month");

        // The portal's return link too.
        com.stripe.model.billingportal.Session portal = client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(c.getId())
                        .setReturnUrl(done + "?result=portal").build());
        assertThat(HttpPost.browser("GET", portal.getUrl()).body()).contains("href='" + done + "?result=portal'");
        HttpResponse<String> returned = HttpPost.browser("GET", done + "?result=portal");
        assertThat(returned.statusCode()).isEqualTo(200);
        assertThat(returned.body()).contains("Back from the billing portal", "go back to Orchestra");

        // Anything else is a 404 page, as elsewhere; so is a session this server never made.
        assertThat(HttpPost.browser("GET", done).statusCode()).isEqualTo(404);
        assertThat(HttpPost.browser("GET", done + "?result=maybe").statusCode()).isEqualTo(404);
        assertThat(HttpPost.browser("GET", done + "?result=success&session_id=cs_test_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theHostedInvoiceAndItsPdfOpen() throws Exception {
        Outcome first = subscribed(email());
        Invoice invoice = client.v1().invoices().retrieve(first.invoice());
        HttpResponse<String> page = HttpPost.browser("GET", invoice.getHostedInvoiceUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(invoice.getNumber(), "$10.00", "paid");
        HttpResponse<byte[]> pdf = HttpPost.bytes(invoice.getInvoicePdf());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        String text = new String(pdf.body(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(text).startsWith("%PDF-1.4").contains("Invoice " + invoice.getNumber()).endsWith("%%EOF\n");
    }

    private static List<String> types(Outcome o) {
        return o.events().stream().map(id -> stripe.event(id).orElseThrow().type()).toList();
    }

    private static String lastType() {
        List<SentEvent> all = stripe.events();
        return all.get(all.size() - 1).type();
    }
}
