package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.domain.Account;
import dev.orchestra.billing.domain.BillingState;
import dev.orchestra.billing.domain.PaymentFailure;
import dev.orchestra.billing.domain.Subscription;
import dev.orchestra.billing.repository.AccountRepository;
import dev.orchestra.billing.repository.SubscriptionRepository;
import dev.orchestra.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A user's billing state from Stripe's subscriptions, and what consumers hear of it. Called with the
 * user's lock held (the event worker), so one user's changes are computed one after the other.
 *
 * <p>SubscriptionChanged goes out (through the outbox, in the same transaction) on every change of
 * plan, status, period end or {@code cancel_at_period_end}, with the user's subscription version
 * plus one; nothing goes out when none of them changed (a duplicate, a re-read that finds what was
 * already known).
 */
@ApplicationScoped
public class AccountSync {

    private static final Logger LOG = Logger.getLogger(AccountSync.class);

    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final Outbox outbox;
    private final Clock clock;

    public AccountSync(SubscriptionRepository subscriptions, AccountRepository accounts, Outbox outbox, Clock clock) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Stores the subscription as Stripe shows it now, then brings the user's account up to date. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void subscriptionIs(UUID userId, StripeRecords.Subscription s) {
        Instant now = now();
        subscriptions.save(new Subscription(s.id(), userId, s.customerId(), s.status(), s.priceId(), s.interval(),
                s.currentPeriodEnd(), s.cancelAtPeriodEnd(), s.created() == null ? now : s.created()), now);
        Account current = accounts.find(userId).orElse(Account.none(userId));
        BillingState next = Subscription.current(subscriptions.forUser(userId)).map(BillingState::of).orElse(BillingState.NONE);
        if (next.equals(current.state())) {
            return;
        }
        if (!next.differsForConsumers(current.state())) {
            // Another subscription or interval, nothing consumers keep: stored, no event.
            accounts.save(new Account(userId, next, current.subscriptionVersion(), current.lastFailure()), now);
            return;
        }
        long version = current.subscriptionVersion() + 1;
        accounts.save(new Account(userId, next, version, current.lastFailure()), now);
        outbox.publish(SubscriptionEvents.TOPIC, SubscriptionEvents.changed(userId, next.plan().id(), next.status(),
                next.cancelAtPeriodEnd(), next.currentPeriodEnd(), version, now));
        LOG.infof("user %s: %s %s (cancel at period end: %s, period end %s), subscription version %d", userId, next.plan().id(),
                next.status(), next.cancelAtPeriodEnd(), next.currentPeriodEnd(), version);
    }

    /** A payment of the user's open invoice failed: remembered for the subscription view, and PaymentFailed published. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentFailed(UUID userId, StripeRecords.Invoice invoice, Instant failedAt) {
        Instant now = now();
        Account current = accounts.find(userId).orElse(Account.none(userId));
        PaymentFailure failure = new PaymentFailure(invoice.id(), invoice.amountDue(), invoice.currency(), failedAt,
                invoice.nextPaymentAttempt(), invoice.hostedInvoiceUrl());
        accounts.save(new Account(userId, current.state(), current.subscriptionVersion(), failure), now);
        outbox.publish(SubscriptionEvents.TOPIC, SubscriptionEvents.paymentFailed(userId, invoice.id(), invoice.amountDue(),
                invoice.currency(), invoice.nextPaymentAttempt(), invoice.hostedInvoiceUrl(), now));
        LOG.infof("user %s: payment of invoice %s failed (%d %s, next attempt %s)", userId, invoice.id(), invoice.amountDue(),
                invoice.currency(), invoice.nextPaymentAttempt());
    }

    /** The invoice was paid or voided: a failure of it is no longer the user's concern. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void invoiceSettled(UUID userId, String invoiceId) {
        accounts.find(userId).filter(a -> a.lastFailure() != null && a.lastFailure().invoiceId().equals(invoiceId))
                .ifPresent(a -> accounts.save(new Account(userId, a.state(), a.subscriptionVersion(), null), now()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
