package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.client.StripeRefusedException;
import dev.orchestra.billing.client.StripeUnavailableException;
import dev.orchestra.billing.domain.Account;
import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.billing.domain.Interval;
import dev.orchestra.billing.domain.Plan;
import dev.orchestra.billing.domain.UserProfile;
import dev.orchestra.billing.repository.AccountRepository;
import dev.orchestra.billing.repository.AttemptRepository;
import dev.orchestra.billing.repository.CustomerRepository;
import dev.orchestra.billing.repository.UserLocks;
import dev.orchestra.billing.repository.UserRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.security.Revocations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checkout and the customer portal. Every POST to Stripe is an attempt recorded before the call,
 * whose id goes into the idempotency key ({@link IdempotencyKeys}):
 * <ul>
 *   <li>the customer is made on first need, under an attempt that stays open until Stripe answered —
 *       a retry after a lost answer or a timeout replays the same key and gets the same customer,
 *       never a second one — and remembered;</li>
 *   <li>each checkout or portal request is a new attempt: a retried call replays, a new request gets a
 *       new session, never an old one back.</li>
 * </ul>
 * No transaction is held across a Stripe call. Stripe unavailable → 503 with nothing written but the
 * attempt ledger (a customer row only ever names a customer Stripe made). Stripe refusing a request
 * is never a 500 either: 503 {@code service_unavailable} ({@code details.dependency=stripe},
 * {@code reason=refused}), logged as an error — see {@link #translate}.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    /** A checkout session made for the user: its id and the page to pay on. */
    public record Checkout(String sessionId, String url) {
    }

    private record Prepared(UserProfile user, Optional<String> customerId, Attempt customerAttempt, Attempt checkoutAttempt) {
    }

    private record PortalAttempt(Attempt attempt, String customerId) {
    }

    private final StripeGateway stripe;
    private final UserRepository users;
    private final CustomerRepository customers;
    private final AttemptRepository attempts;
    private final AccountRepository accounts;
    private final UserDirectory directory;
    private final UserLocks locks;
    private final Revocations revocations;
    private final Clock clock;
    private final String priceMonth;
    private final String priceYear;
    private final String successUrl;
    private final String cancelUrl;
    private final String portalReturnUrl;
    private final Duration attemptReuse;

    public CheckoutService(StripeGateway stripe, UserRepository users, CustomerRepository customers, AttemptRepository attempts,
                           AccountRepository accounts, UserDirectory directory, UserLocks locks, Revocations revocations, Clock clock,
                           @ConfigProperty(name = "orchestra.billing.stripe.price.pro-month") String priceMonth,
                           @ConfigProperty(name = "orchestra.billing.stripe.price.pro-year") String priceYear,
                           @ConfigProperty(name = "orchestra.billing.checkout.success-url") String successUrl,
                           @ConfigProperty(name = "orchestra.billing.checkout.cancel-url") String cancelUrl,
                           @ConfigProperty(name = "orchestra.billing.portal.return-url") String portalReturnUrl,
                           @ConfigProperty(name = "orchestra.billing.stripe.attempt-reuse") Duration attemptReuse) {
        this.stripe = stripe;
        this.users = users;
        this.customers = customers;
        this.attempts = attempts;
        this.accounts = accounts;
        this.directory = directory;
        this.locks = locks;
        this.revocations = revocations;
        this.clock = clock;
        this.priceMonth = priceMonth;
        this.priceYear = priceYear;
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
        this.portalReturnUrl = portalReturnUrl;
        this.attemptReuse = attemptReuse;
    }

    /**
     * A Checkout Session for the pro plan at the monthly or yearly price. 422 for another plan or
     * interval; 409 when the user's plan is pro already (the portal changes or cancels it); 503 when
     * Stripe, or the user's account, is not available yet.
     */
    public Checkout checkout(UUID userId, String plan, String interval) {
        String priceId = priceOf(plan, interval);
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(userId);
            if (revocations.isDeleted(userId)) {
                throw ApiException.notFound();
            }
            Account account = accounts.find(userId).orElse(Account.none(userId));
            if (account.state().plan() == Plan.PRO) {
                throw Refusals.alreadySubscribed();
            }
            UserProfile user = users.find(userId).orElseThrow(Refusals::accountNotKnownYet);
            Instant now = now();
            Optional<String> customer = customers.find(userId);
            Attempt customerAttempt = customer.isPresent() ? null : attempts.findOpen(userId, Attempt.Purpose.CUSTOMER,
                    now.minus(attemptReuse)).orElseGet(() -> {
                        attempts.abandonOpen(userId, Attempt.Purpose.CUSTOMER, now);
                        Attempt fresh = new Attempt(Ids.newId(clock), userId, Attempt.Purpose.CUSTOMER, "", now);
                        attempts.insert(fresh, user.email(), user.name());
                        return fresh;
                    });
            Attempt checkoutAttempt = new Attempt(Ids.newId(clock), userId, Attempt.Purpose.CHECKOUT, priceId, now);
            attempts.insert(checkoutAttempt);
            return new Prepared(user, customer, customerAttempt, checkoutAttempt);
        });
        String customerId = prepared.customerId().orElseGet(() -> createCustomer(prepared.user(), prepared.customerAttempt(),
                prepared.checkoutAttempt()));
        StripeRecords.CheckoutSession session;
        try {
            session = stripe.createCheckoutSession(customerId, userId, priceId, successUrl, cancelUrl,
                    IdempotencyKeys.of(prepared.checkoutAttempt()));
        } catch (RuntimeException e) {
            fail(prepared.checkoutAttempt());
            if (isCustomerGone(e)) {
                // Deleted at Stripe behind this service's back: forgotten, the next checkout makes a new one.
                forget(userId, customerId);
                throw Refusals.stripeUnavailable();
            }
            throw translate(e);
        }
        QuarkusTransaction.requiringNew().run(() -> attempts.finish(prepared.checkoutAttempt().id(), true, session.id(), now()));
        LOG.infof("user %s: checkout session %s (%s)", userId, session.id(), priceId);
        return new Checkout(session.id(), session.url());
    }

    /**
     * The customer portal's URL; 404 for a user without a customer (no checkout yet) — and for one whose
     * customer Stripe no longer has (deleted at Stripe behind this service's back): that customer is
     * forgotten, as checkout does, and the next checkout makes a new one.
     */
    public String portal(UUID userId) {
        PortalAttempt attempt = QuarkusTransaction.requiringNew().call(() -> {
            String customer = customers.find(userId).orElseThrow(Refusals::noCustomer);
            Attempt fresh = new Attempt(Ids.newId(clock), userId, Attempt.Purpose.PORTAL, "", now());
            attempts.insert(fresh);
            return new PortalAttempt(fresh, customer);
        });
        try {
            String url = stripe.createPortalSession(attempt.customerId(), portalReturnUrl, IdempotencyKeys.of(attempt.attempt()));
            QuarkusTransaction.requiringNew().run(() -> attempts.finish(attempt.attempt().id(), true, null, now()));
            return url;
        } catch (RuntimeException e) {
            fail(attempt.attempt());
            if (isCustomerGone(e)) {
                forget(userId, attempt.customerId());
                throw Refusals.noCustomer();
            }
            throw translate(e);
        }
    }

    /**
     * Makes the user's customer under the open customer attempt (the same key until Stripe answered),
     * then remembers it — unless the user was deleted meanwhile (then it is erased at Stripe too).
     */
    private String createCustomer(UserProfile user, Attempt customerAttempt, Attempt checkoutAttempt) {
        String customerId;
        try {
            customerId = stripe.createCustomer(user.userId(), user.email(), user.name(), IdempotencyKeys.of(customerAttempt));
        } catch (StripeRefusedException e) {
            if (e.isIdempotencyInFlight()) {
                // The same attempt is still running at Stripe: it stays open, the retry replays it.
                fail(checkoutAttempt);
                throw translate(e);
            }
            if (!e.isIdempotencyMismatch()) {
                // Refused: Stripe made nothing under this key, the attempt ends.
                fail(customerAttempt);
                fail(checkoutAttempt);
                throw translate(e);
            }
            // The open attempt was first sent with the e-mail or name the user had then: it cannot be
            // replayed with the new ones. It ends, and a new attempt makes the customer.
            Attempt fresh = QuarkusTransaction.requiringNew().call(() -> {
                locks.lock(user.userId());
                Instant now = now();
                attempts.finish(customerAttempt.id(), false, null, now);
                Attempt next = new Attempt(Ids.newId(clock), user.userId(), Attempt.Purpose.CUSTOMER, "", now);
                attempts.insert(next, user.email(), user.name());
                return next;
            });
            LOG.infof("user %s: customer attempt %s was first sent with other details; attempt %s replaces it", user.userId(),
                    customerAttempt.id(), fresh.id());
            return createCustomer(user, fresh, checkoutAttempt);
        } catch (RuntimeException e) {
            // The customer attempt stays open: the next checkout replays its key.
            fail(checkoutAttempt);
            throw translate(e);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(user.userId());
            Instant now = now();
            attempts.finish(customerAttempt.id(), true, customerId, now);
            if (revocations.isDeleted(user.userId())) {
                directory.eraseOrphan(user.userId(), customerId);
                throw ApiException.notFound();
            }
            customers.insertIfAbsent(user.userId(), customerId, now);
            String remembered = customers.find(user.userId()).orElseThrow();
            if (!remembered.equals(customerId)) {
                LOG.warnf("user %s: customer %s made while %s was remembered; the remembered one is used", user.userId(), customerId,
                        remembered);
            }
            return remembered;
        });
    }

    private String priceOf(String plan, String interval) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!Plan.PRO.id().equals(plan)) {
            problems.put("plan", "Must be \"pro\" (the only paid plan)");
        }
        Optional<Interval> chosen = Interval.of(interval);
        if (chosen.isEmpty()) {
            problems.put("interval", "Must be \"month\" or \"year\"");
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return chosen.get() == Interval.YEAR ? priceYear : priceMonth;
    }

    private void fail(Attempt attempt) {
        try {
            QuarkusTransaction.requiringNew().run(() -> attempts.finish(attempt.id(), false, null, now()));
        } catch (RuntimeException e) {
            LOG.warnf("attempt %s: could not be marked failed (%s)", attempt.id(), e);
        }
    }

    /** Forgets the user's customer, if it is still this one: Stripe no longer has it. */
    private void forget(UUID userId, String customerId) {
        boolean forgotten = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock(userId);
            return customers.forget(userId, customerId);
        });
        if (forgotten) {
            LOG.warnf("user %s: customer %s is gone at Stripe; forgotten", userId, customerId);
        }
    }

    /** Stripe no longer has the customer named in the request (deleted at Stripe). */
    private static boolean isCustomerGone(RuntimeException e) {
        return e instanceof StripeRefusedException refused && refused.isMissing() && "customer".equals(refused.param());
    }

    /**
     * Stripe unavailable → 503 (retry shortly); the same idempotency key in flight → 409 {@code in_progress}.
     * Stripe refusing what this service sent (any other 4xx: a misconfigured price id, a parameter it
     * does not take) is a fault of this service, not of the caller's request, and nothing the caller can
     * fix: 503 {@code service_unavailable} with {@code details.dependency=stripe}, {@code reason=refused},
     * logged as an error — never a 500 (platform's error codes have no 502). Nothing was charged and
     * nothing half-written.
     */
    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof ApiException) {
            return e;
        }
        if (e instanceof StripeUnavailableException) {
            return Refusals.stripeUnavailable();
        }
        if (e instanceof StripeRefusedException refused) {
            if (refused.isIdempotencyInFlight()) {
                return Refusals.inProgress();
            }
            LOG.errorf("Stripe refused a request of this service (HTTP %d%s%s): %s", refused.status(),
                    refused.code() == null ? "" : " " + refused.code(), refused.param() == null ? "" : ", param " + refused.param(),
                    refused.getMessage());
            return Refusals.stripeRefused();
        }
        return e;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
