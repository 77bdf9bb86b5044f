package dev.orchestra.notification.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * billing.subscriptions.v1 → mails on transitions only (to a paid plan, cancellation at period end,
 * back to free), never on a renewal or an older version; PaymentFailed → the payment-failed mail.
 * Addressed from the user's UserRegistered/UserUpdated.
 */
@QuarkusTest
class BillingMailTest extends NotificationTest {

    private static final Instant PERIOD_END = Instant.parse("2030-12-25T10:00:00Z");
    private static final Instant NEXT_PERIOD_END = Instant.parse("2031-01-25T10:00:00Z");

    private UUID user;
    private String email;

    @BeforeEach
    void registeredUser() {
        user = UUID.randomUUID();
        email = Events.newEmail();
        awaitProcessed(Events.eventId(Events.publish(Events.registered(user, email, "Grace Hopper"))));
    }

    @Test
    void subscribingToAPaidPlanSendsAConfirmation() {
        SubscriptionEnvelope event = Events.publish(Events.subscription(user, "pro", false, PERIOD_END, 1));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Your Orchestra subscription is active");
        assertThat(mail.text()).contains("Hi Grace Hopper,").contains("Orchestra Pro subscription is active")
                .contains("renews on 25 December 2030");
        assertThat(mail.html()).contains("<p>Hi Grace Hopper,</p>").contains("Orchestra Pro subscription is active");
        Delivery delivery = awaitStatus(Events.eventId(event), DeliveryStatus.SENT);
        assertThat(delivery.kind()).isEqualTo(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(delivery.email()).isEqualTo(email);
    }

    @Test
    void aRenewalSendsNothing() {
        SubscriptionEnvelope subscribed = Events.publish(Events.subscription(user, "pro", false, PERIOD_END, 1));
        SubscriptionEnvelope renewed = Events.publish(Events.subscription(user, "pro", false, NEXT_PERIOD_END, 2));

        awaitProcessed(Events.eventId(renewed));
        assertThat(deliveries.findByEvent(Events.eventId(renewed))).isEmpty();
        awaitStatus(Events.eventId(subscribed), DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject).containsExactly("Your Orchestra subscription is active");
    }

    @Test
    void cancellingAtPeriodEndSendsANoticeWithTheEndDate() {
        SubscriptionEnvelope subscribed = Events.publish(Events.subscription(user, "pro", false, PERIOD_END, 1));
        SubscriptionEnvelope cancelled = Events.publish(Events.subscription(user, "pro", true, PERIOD_END, 2));
        // Still cancelled at the next change (a status update, say): no second notice.
        SubscriptionEnvelope stillCancelled = Events.publish(Events.subscription(user, "pro", true, PERIOD_END, 3));

        Delivery notice = awaitStatus(Events.eventId(cancelled), DeliveryStatus.SENT);
        assertThat(notice.kind()).isEqualTo(MailKind.SUBSCRIPTION_CANCELLED);
        awaitStatus(Events.eventId(subscribed), DeliveryStatus.SENT);
        awaitProcessed(Events.eventId(stillCancelled));
        assertThat(deliveries.findByEvent(Events.eventId(stillCancelled))).isEmpty();

        ReceivedMail mail = TestSmtp.mailsTo(email).stream()
                .filter(m -> m.subject().equals("Your Orchestra subscription has been cancelled")).findFirst().orElseThrow();
        assertThat(mail.text()).contains("Pro subscription has been cancelled").contains("until 25 December 2030");
        assertThat(mail.html()).contains("until 25 December 2030");
        assertThat(TestSmtp.mailsTo(email)).hasSize(2);
    }

    @Test
    void subscribingAlreadySetToEndSendsTheConfirmationWithItsEndAndTheCancellation() {
        SubscriptionEnvelope event = Events.publish(Events.subscription(user, "pro", true, PERIOD_END, 1));

        List<ReceivedMail> mails = awaitMails(email, 2);
        assertThat(mails).extracting(ReceivedMail::subject).containsExactlyInAnyOrder("Your Orchestra subscription is active",
                "Your Orchestra subscription has been cancelled");
        ReceivedMail confirmation = mails.stream().filter(m -> m.subject().equals("Your Orchestra subscription is active"))
                .findFirst().orElseThrow();
        assertThat(confirmation.text()).contains("Pro subscription is active").contains("set to end on 25 December 2030")
                .doesNotContain("renews");
        assertThat(confirmation.html()).contains("set to end on 25 December 2030").doesNotContain("renews");
        ReceivedMail cancellation = mails.stream().filter(m -> m.subject().equals("Your Orchestra subscription has been cancelled"))
                .findFirst().orElseThrow();
        assertThat(cancellation.text()).contains("until 25 December 2030");
        assertThat(deliveries.findByEvent(Events.eventId(event))).extracting(Delivery::kind)
                .containsExactlyInAnyOrder(MailKind.SUBSCRIPTION_CONFIRMED, MailKind.SUBSCRIPTION_CANCELLED);
    }

    @Test
    void aNewPlanWhileAlreadyCancellingIsConfirmedWithItsEndAndNoSecondCancellation() {
        SubscriptionEnvelope cancelling = Events.publish(Events.subscription(user, "pro", true, PERIOD_END, 1));
        awaitMails(email, 2);
        SubscriptionEnvelope team = Events.publish(Events.subscription(user, "team", true, NEXT_PERIOD_END, 2));

        Delivery confirmation = awaitStatus(Events.eventId(team), DeliveryStatus.SENT);
        assertThat(confirmation.kind()).isEqualTo(MailKind.SUBSCRIPTION_CONFIRMED);
        ReceivedMail mail = TestSmtp.mailsTo(email).stream().filter(m -> m.text().contains("Team subscription is active"))
                .findFirst().orElseThrow();
        assertThat(mail.text()).contains("set to end on 25 January 2031").doesNotContain("renews");
        assertThat(TestSmtp.mailsTo(email)).hasSize(3);
        assertThat(deliveries.findByEvent(Events.eventId(cancelling))).hasSize(2);
    }

    @Test
    void backToFreeSendsANotice() {
        Events.publish(Events.subscription(user, "pro", true, PERIOD_END, 1));
        SubscriptionEnvelope ended = Events.publish(Events.subscription(user, "free", false, PERIOD_END, 2));

        Delivery notice = awaitStatus(Events.eventId(ended), DeliveryStatus.SENT);
        assertThat(notice.kind()).isEqualTo(MailKind.SUBSCRIPTION_ENDED);
        ReceivedMail mail = TestSmtp.mailsTo(email).stream()
                .filter(m -> m.subject().equals("You are back on Orchestra Free")).findFirst().orElseThrow();
        assertThat(mail.text()).contains("Pro subscription has ended").contains("back on the free plan");
        assertThat(mail.html()).contains("back on the free plan");
    }

    @Test
    void anOlderSubscriptionVersionChangesNothing() {
        SubscriptionEnvelope current = Events.publish(Events.subscription(user, "pro", false, PERIOD_END, 5));
        SubscriptionEnvelope older = Events.publish(Events.subscription(user, "free", false, PERIOD_END, 4));
        // Had the older one been applied, this would be a new subscription and mail a confirmation.
        SubscriptionEnvelope renewal = Events.publish(Events.subscription(user, "pro", false, NEXT_PERIOD_END, 6));

        awaitStatus(Events.eventId(current), DeliveryStatus.SENT);
        awaitProcessed(Events.eventId(older));
        awaitProcessed(Events.eventId(renewal));
        assertThat(deliveries.findByEvent(Events.eventId(older))).isEmpty();
        assertThat(deliveries.findByEvent(Events.eventId(renewal))).isEmpty();
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
    }

    @Test
    void aFailedPaymentSendsTheAmountTheNextAttemptAndTheInvoiceLink() {
        String invoice = "https://invoice.stripe.com/i/acct_1/test_abc?s=ap";
        SubscriptionEnvelope event = Events.publish(Events.paymentFailed(user, 1999, "eur", Instant.parse("2030-12-01T08:00:00Z"),
                invoice));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Your Orchestra payment failed");
        assertThat(mail.text()).contains("Hi Grace Hopper,").contains("payment of 19.99 EUR").contains("try again on 1 December 2030")
                .contains(invoice);
        assertThat(mail.html()).contains("payment of 19.99 EUR").contains("1 December 2030")
                .contains("href=\"https://invoice.stripe.com/i/acct_1/test_abc?s=ap\"");
        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).kind()).isEqualTo(MailKind.PAYMENT_FAILED);
    }

    @Test
    void aFailedPaymentWithoutAnotherAttemptSaysSo() {
        Events.publish(Events.paymentFailed(user, 1200, "jpy", null, "javascript:alert(1)"));

        ReceivedMail mail = awaitMail(email);
        assertThat(mail.text()).contains("payment of 1200 JPY").contains("will not try again");
        assertThat(mail.html()).doesNotContain("javascript:");
    }

    @Test
    void billingMailsGoToTheNewestAddressAndNameOnly() {
        UserEnvelope newer = Events.publish(Events.updated(user, "new-" + email, "Grace B. Hopper", 3));
        UserEnvelope older = Events.publish(Events.updated(user, "old-" + email, "Old Name", 2));
        awaitProcessed(Events.eventId(newer));
        awaitProcessed(Events.eventId(older));

        SubscriptionEnvelope event = Events.publish(Events.subscription(user, "pro", false, PERIOD_END, 1));
        ReceivedMail mail = awaitMail("new-" + email);
        assertThat(mail.text()).contains("Hi Grace B. Hopper,");
        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).email()).isEqualTo("new-" + email);
        assertThat(TestSmtp.mailsTo("old-" + email)).isEmpty();
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }

    @Test
    void aBillingMailForAnUnknownUserWaitsForTheAddress() {
        UUID stranger = UUID.randomUUID();
        String address = Events.newEmail();
        SubscriptionEnvelope event = Events.publish(Events.paymentFailed(stranger, 500, "usd", null, ""));

        Delivery waiting = awaitDelivery(Events.eventId(event), d -> d.attempts() >= 1);
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(waiting.lastError()).contains("no address known");
        assertThat(waiting.email()).isNull();

        Events.publish(Events.registered(stranger, address, "Late Comer"));
        ReceivedMail mail = awaitMail(address);
        assertThat(mail.text()).contains("Hi Late Comer,").contains("payment of 5.00 USD");
        assertThat(awaitStatus(Events.eventId(event), DeliveryStatus.SENT).email()).isEqualTo(address);
    }
}
