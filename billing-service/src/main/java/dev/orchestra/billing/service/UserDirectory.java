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
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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

    public UserDirectory(UserRepository users, CustomerRepository customers, AttemptRepository attempts,
                         SubscriptionRepository subscriptions, AccountRepository accounts, InvoiceRepository invoices,
                         EventRepository events, JobRepository jobs, UserLocks locks, Revocations revocations, WorkSignal signal,
                         Clock clock) {
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
            jobs.insert(new StripeJob(Ids.newId(clock), StripeJob.Kind.UPDATE_CUSTOMER, profile.userId(), customer.get(), profile.email(),
                    profile.name(), 0), now);
            signal.wakeAfterCommit();
        }
    }

    /**
     * UserDeleted: a marker (later events about the user are dropped, tokens refused), every row of the
     * user erased here at once, and — when the user has a Stripe customer — a job that cancels its
     * subscriptions and deletes it at Stripe, retried for as long as Stripe is down.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userDeleted(UUID userId, Instant deletedAt) {
        locks.lock(userId);
        revocations.markDeleted(userId, deletedAt);
        Instant now = now();
        Optional<String> customer = customers.find(userId);
        jobs.deleteForUser(userId, StripeJob.Kind.UPDATE_CUSTOMER);
        if (customer.isPresent()) {
            jobs.insert(new StripeJob(Ids.newId(clock), StripeJob.Kind.ERASE_CUSTOMER, userId, customer.get(), null, null, 0), now);
            events.deleteForCustomer(customer.get());
            signal.wakeAfterCommit();
        }
        invoices.deleteForUser(userId);
        accounts.deleteForUser(userId);
        subscriptions.deleteForUser(userId);
        attempts.deleteForUser(userId);
        customers.delete(userId);
        users.delete(userId);
        LOG.infof("user %s deleted: billing rows erased%s", userId,
                customer.map(c -> "; customer " + c + " to be erased at Stripe").orElse(""));
    }

    /**
     * A customer made for a user who was deleted while the call was in flight: erased at Stripe too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseOrphan(UUID userId, String customerId) {
        jobs.insert(new StripeJob(Ids.newId(clock), StripeJob.Kind.ERASE_CUSTOMER, userId, customerId, null, null, 0), now());
        signal.wakeAfterCommit();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
