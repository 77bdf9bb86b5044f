package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.domain.Preferences;
import dev.orchestra.notification.domain.Subscription;
import dev.orchestra.notification.repository.PreferencesRepository;
import dev.orchestra.notification.repository.SubscriptionRepository;
import dev.orchestra.notification.repository.UserLocks;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The mails of {@code billing.subscriptions.v1}. A SubscriptionChanged is applied only when its
 * {@code subscription_version} is higher than the last one applied, and mails only on a transition
 * ({@link Subscription#mailsOnChangeTo}) — a renewal sends nothing; those notices respect the user's
 * {@code billing_receipts}. PaymentFailed always mails: the user has to act.
 */
@ApplicationScoped
public class BillingMails {

    private static final Logger LOG = Logger.getLogger(BillingMails.class);

    private final DeliveryService deliveries;
    private final SubscriptionRepository subscriptions;
    private final PreferencesRepository preferences;
    private final UserLocks users;
    private final Revocations revocations;
    private final Clock clock;

    public BillingMails(DeliveryService deliveries, SubscriptionRepository subscriptions, PreferencesRepository preferences,
                        UserLocks users, Revocations revocations, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.users = users;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void subscriptionChanged(UUID eventId, UUID userId, Subscription next) {
        if (!isLive(eventId, userId)) {
            return;
        }
        Subscription current = subscriptions.find(userId).orElse(Subscription.NONE);
        if (!current.isOlderThan(next)) {
            LOG.debugf("event %s: subscription version %d of user %s is not newer than %d; ignored", eventId, next.version(), userId,
                    current.version());
            return;
        }
        subscriptions.save(userId, next, clock.instant());
        List<MailKind> mails = current.mailsOnChangeTo(next);
        if (mails.isEmpty()) {
            return;
        }
        Preferences choices = preferences.find(userId).orElse(Preferences.DEFAULTS);
        Map<String, String> data = new HashMap<>();
        data.put(MailComposer.PLAN, next.isPaid() ? next.plan() : current.plan());
        if (next.currentPeriodEnd() != null) {
            data.put(MailComposer.PERIOD_END, next.currentPeriodEnd().toString());
        }
        // A confirmation of a subscription that is already set to end says when it ends, not that it renews.
        data.put(MailComposer.CANCELLING, Boolean.toString(next.isCancelling()));
        for (MailKind kind : mails) {
            if (choices.allows(kind)) {
                deliveries.record(eventId, kind, userId, null, null, null, null, data);
            } else {
                LOG.infof("event %s: user %s turned billing receipts off; no %s mail", eventId, userId, kind.id());
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentFailed(UUID eventId, UUID userId, String invoiceId, long amount, String currency, Instant nextAttemptAt,
                              String hostedInvoiceUrl) {
        if (!isLive(eventId, userId)) {
            return;
        }
        Map<String, String> data = new HashMap<>();
        data.put("invoice_id", invoiceId);
        data.put(MailComposer.AMOUNT, Long.toString(amount));
        data.put(MailComposer.CURRENCY, currency);
        if (nextAttemptAt != null) {
            data.put(MailComposer.NEXT_ATTEMPT, nextAttemptAt.toString());
        }
        if (hostedInvoiceUrl != null && !hostedInvoiceUrl.isBlank()) {
            data.put(MailComposer.INVOICE_URL, hostedInvoiceUrl);
        }
        deliveries.record(eventId, MailKind.PAYMENT_FAILED, userId, null, null, null, null, data);
    }

    private boolean isLive(UUID eventId, UUID userId) {
        users.lock(userId);
        if (revocations.isDeleted(userId)) {
            LOG.infof("event %s: user %s was deleted; ignored", eventId, userId);
            return false;
        }
        return true;
    }
}
