package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.client.StripeWebhooks;
import dev.orchestra.billing.domain.Invoice;
import dev.orchestra.billing.domain.StoredEvent;
import dev.orchestra.billing.repository.CustomerRepository;
import dev.orchestra.billing.repository.InvoiceRepository;
import dev.orchestra.billing.repository.SubscriptionRepository;
import dev.orchestra.billing.repository.UserLocks;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one stored Stripe event. Stripe sends duplicates and keeps no order (several events of one
 * second, an update before its create, a late update after a delete), so an event is taken only as
 * news that an object changed: the object is read again from Stripe, and its state now is applied —
 * under the user's lock, so two events of one user are applied one after the other, each reading
 * after the previous committed. A subscription thus never moves backwards (a canceled one stays
 * canceled), and a re-read that finds nothing new changes nothing and publishes nothing.
 *
 * <p>An event is ignored (with the reason kept) when its customer is not one of this service's, its
 * user was deleted, or Stripe no longer knows its object. {@link dev.orchestra.billing.client.StripeUnavailableException}
 * leaves the transaction, to be tried again later.
 */
@ApplicationScoped
public class EventApplier {

    /**
     * What came of an event: applied, or ignored (why). {@code forget}: its payload is not kept (the
     * customer is not, or no longer, one of this service's users: nothing of a deleted user stays).
     */
    public record Outcome(String status, String note, boolean forget) {
        static final Outcome APPLIED = new Outcome("applied", null, false);

        static Outcome ignored(String why) {
            return new Outcome("ignored", why, false);
        }
    }

    private static final Set<String> SETTLED = Set.of("paid", "void", "uncollectible");

    private final StripeWebhooks webhooks;
    private final StripeGateway stripe;
    private final CustomerRepository customers;
    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoices;
    private final AccountSync accounts;
    private final UserLocks locks;
    private final Revocations revocations;
    private final Clock clock;

    public EventApplier(StripeWebhooks webhooks, StripeGateway stripe, CustomerRepository customers,
                        SubscriptionRepository subscriptions, InvoiceRepository invoices, AccountSync accounts, UserLocks locks,
                        Revocations revocations, Clock clock) {
        this.webhooks = webhooks;
        this.stripe = stripe;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.accounts = accounts;
        this.locks = locks;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome apply(StoredEvent stored) {
        StripeRecords.Event event = webhooks.stored(stored.payload());
        if (event.customerId() == null) {
            return Outcome.ignored("no customer in the event");
        }
        return switch (event.type()) {
            case StripeEventTypes.CHECKOUT_COMPLETED -> event.subscriptionId() == null ? Outcome.ignored("a session without a subscription")
                    : subscription(event.customerId(), event.subscriptionId());
            case StripeEventTypes.SUBSCRIPTION_CREATED, StripeEventTypes.SUBSCRIPTION_UPDATED, StripeEventTypes.SUBSCRIPTION_DELETED ->
                    subscription(event.customerId(), event.objectId());
            case StripeEventTypes.INVOICE_FINALIZED, StripeEventTypes.INVOICE_PAID, StripeEventTypes.INVOICE_PAYMENT_FAILED,
                 StripeEventTypes.INVOICE_VOIDED -> invoice(event);
            default -> Outcome.ignored("not a handled type");
        };
    }

    private Outcome subscription(String customerId, String subscriptionId) {
        if (subscriptionId == null) {
            return Outcome.ignored("no subscription id");
        }
        Optional<UUID> user = user(customerId);
        if (user.isEmpty()) {
            return unknownOrErased(customerId);
        }
        Optional<StripeRecords.Subscription> now = stripe.subscription(subscriptionId);
        if (now.isEmpty()) {
            return Outcome.ignored("Stripe no longer knows subscription " + subscriptionId);
        }
        if (!customerId.equals(now.get().customerId())) {
            return Outcome.ignored("subscription " + subscriptionId + " belongs to another customer");
        }
        accounts.subscriptionIs(user.get(), now.get());
        return Outcome.APPLIED;
    }

    private Outcome invoice(StripeRecords.Event event) {
        Optional<UUID> user = user(event.customerId());
        if (user.isEmpty()) {
            return unknownOrErased(event.customerId());
        }
        UUID userId = user.get();
        Optional<StripeRecords.Invoice> found = stripe.invoice(event.objectId());
        if (found.isEmpty()) {
            return Outcome.ignored("Stripe no longer knows invoice " + event.objectId());
        }
        StripeRecords.Invoice invoice = found.get();
        if (!event.customerId().equals(invoice.customerId())) {
            return Outcome.ignored("invoice " + invoice.id() + " belongs to another customer");
        }
        if ("draft".equals(invoice.status())) {
            return Outcome.ignored("invoice " + invoice.id() + " is a draft");
        }
        Instant now = now();
        invoices.save(new Invoice(Ids.newId(clock), invoice.id(), userId, invoice.customerId(), invoice.subscriptionId(),
                invoice.number(), invoice.status(), invoice.amountDue(), invoice.amountPaid(),
                invoice.currency() == null ? "" : invoice.currency(), invoice.periodStart(), invoice.periodEnd(),
                invoice.hostedInvoiceUrl(), invoice.invoicePdf(), invoice.created() == null ? now : invoice.created()), now);
        if (SETTLED.contains(invoice.status())) {
            accounts.invoiceSettled(userId, invoice.id());
        }
        if (StripeEventTypes.INVOICE_PAYMENT_FAILED.equals(event.type())) {
            if (!"open".equals(invoice.status())) {
                // Paid or voided since: the failure is over, nobody is told of it any more.
                return Outcome.ignored("invoice " + invoice.id() + " is " + invoice.status() + " now; no PaymentFailed");
            }
            accounts.paymentFailed(userId, invoice, event.created() == null ? now : event.created());
        }
        return Outcome.APPLIED;
    }

    /**
     * The customer's user, locked, unless the customer is unknown or the user deleted. A customer this
     * service forgot because Stripe no longer has it (deleted at Stripe) still leads to its user through
     * the subscriptions made for it: Stripe ends those subscriptions when it deletes the customer, and
     * that news must still reach the user's plan.
     */
    private Optional<UUID> user(String customerId) {
        Optional<UUID> user = userOf(customerId);
        if (user.isEmpty()) {
            return user;
        }
        locks.lock(user.get());
        if (revocations.isDeleted(user.get())) {
            return Optional.empty();
        }
        // Read again under the lock: an erasure that committed meanwhile took the customer away.
        return userOf(customerId).filter(user.get()::equals);
    }

    private Optional<UUID> userOf(String customerId) {
        return customers.findUser(customerId).or(() -> subscriptions.findUserByCustomer(customerId));
    }

    private Outcome unknownOrErased(String customerId) {
        return new Outcome("ignored", "customer " + customerId + " is not one of this service's users (unknown or deleted)", true);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
