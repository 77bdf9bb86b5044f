package dev.orchestra.billing.service;

import dev.orchestra.billing.domain.StripeJob;
import dev.orchestra.billing.domain.UserProfile;
import dev.orchestra.billing.repository.AccountRepository;
import dev.orchestra.billing.repository.AttemptRepository;
import dev.orchestra.billing.repository.CustomerRepository;
import dev.orchestra.billing.repository.EventRepository;
import dev.orchestra.billing.repository.InvoiceRepository;
import dev.orchestra.billing.repository.JobRepository;
import dev.orchestra.billing.repository.SubscriptionRepository;
import dev.orchestra.billing.repository.UserLocks;
import dev.orchestra.billing.repository.UserRepository;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What this service keeps of users from {@code auth.users.v1}: their e-mail and name (the Stripe
 * customer's), applied only forward by version — a change reaches the customer at Stripe through a
 * job; and their erasure on UserDeleted.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final UserRepository users;
    private final CustomerRepository customers;
    private final AttemptRepository attempts;
    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final InvoiceRepository invoices;
    private final EventRepository events;
    private final JobRepository jobs;
    private final UserLocks locks;
    private final Revocations revocations;
    private final WorkSignal signal;
    private final Clock clock;
    private final Duration attemptReuse;
    private final Outbox outbox;

    public UserDirectory(UserRepository users, CustomerRepository customers, AttemptRepository attempts,
                         SubscriptionRepository subscriptions, AccountRepository accounts, InvoiceRepository invoices,
                         EventRepository events, JobRepository jobs, UserLocks locks, Revocations revocations, WorkSignal signal,
                         Clock clock, @ConfigProperty(name = "orchestra.billing.stripe.attempt-reuse") Duration attemptReuse,
                         Outbox outbox) {
        this.outbox = outbox;
        this.users = users;
        this.customers = customers;
        this.attempts = attempts;
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.invoices = invoices;
        this.events = events;
        this.jobs = jobs;
        this.locks = locks;
        this.revocations = revocations;
        this.signal = signal;
        this.clock = clock;
        this.attemptReuse = attemptReuse;
    }

    /**
     * UserRegistered or UserUpdated: the e-mail and name, unless a newer version is known or the user
     * was deleted. A user who has a customer already gets it updated at Stripe (a job: the partition
     * never waits for Stripe); the newest update replaces one still waiting.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userChanged(UserProfile profile) {
        locks.lock(profile.userId());
        if (revocations.isDeleted(profile.userId())) {
            LOG.debugf("user %s was deleted; update dropped", profile.userId());
            return;
        }
        Instant now = now();
        Optional<UserProfile> before = users.find(profile.userId());
        if (!users.saveIfNewer(profile, now)) {
            return;
        }
        boolean changed = before.isPresent() && (!Objects.equals(before.get().email(), profile.email())
                || !Objects.equals(before.get().name(), profile.name()));
        Optional<String> customer = customers.find(profile.userId());
        if (changed && customer.isPresent()) {
            jobs.deleteForUser(profile.userId(), StripeJob.Kind.UPDATE_CUSTOMER);
            jobs.insert(StripeJob.update(Ids.newId(clock), profile.userId(), customer.get(), profile.email(), profile.name()), now);
            signal.wakeAfterCommit();
        }
    }

    /**
     * UserDeleted: a marker (later events about the user are dropped, tokens refused), every row of the
     * user erased here at once, and — when the user has a Stripe customer — a job that cancels its
     * subscriptions and deletes it at Stripe, retried for as long as Stripe is down. A customer attempt
     * still open (a checkout whose create call timed out or failed: Stripe may have made the customer
     * without this service learning its id) gets a job too: it replays the create call under the
     * attempt's key — Stripe answers with the customer it made, or makes it now — and erases that
     * customer. That job keeps the attempt's e-mail and name (a replay must send the same) until it is done.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userDeleted(UUID userId, Instant deletedAt) {
        locks.lock(userId);
        revocations.markDeleted(userId, deletedAt);
        // Their events not yet published (or never accepted by the broker) go with the rest.
        outbox.forgetUser(userId);
        Instant now = now();
        Optional<String> customer = customers.find(userId);
        Optional<AttemptRepository.SentCustomer> open = attempts.findOpenCustomer(userId, now.minus(attemptReuse));
        jobs.deleteForUser(userId, StripeJob.Kind.UPDATE_CUSTOMER);
        if (customer.isPresent()) {
            jobs.insert(StripeJob.erase(Ids.newId(clock), userId, customer.get()), now);
            events.deleteForCustomer(customer.get());
            signal.wakeAfterCommit();
        }
        if (open.isPresent()) {
            AttemptRepository.SentCustomer sent = open.get();
            jobs.insert(StripeJob.eraseAttempt(Ids.newId(clock), userId, sent.attemptId(), sent.email(), sent.name()), now);
            signal.wakeAfterCommit();
        }
        invoices.deleteForUser(userId);
        accounts.deleteForUser(userId);
        subscriptions.deleteForUser(userId);
        attempts.deleteForUser(userId);
        customers.delete(userId);
        users.delete(userId);
        LOG.infof("user %s deleted: billing rows erased%s%s", userId,
                customer.map(c -> "; customer " + c + " to be erased at Stripe").orElse(""),
                open.map(a -> "; the customer of open attempt " + a.attemptId() + " to be found and erased at Stripe").orElse(""));
    }

    /**
     * A customer made for a user who was deleted while the call was in flight: erased at Stripe too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseOrphan(UUID userId, String customerId) {
        jobs.insert(StripeJob.erase(Ids.newId(clock), userId, customerId), now());
        signal.wakeAfterCommit();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
