package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.client.StripeRefusedException;
import dev.orchestra.billing.repository.EventRepository;
import dev.orchestra.billing.repository.ReconciliationRepository;
import dev.orchestra.platform.scheduling.SingleReplica;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Heals what the webhook never brought (Stripe retries a failed delivery for up to 3 days; an
 * endpoint misconfigured, a secret rotated, an outage longer than that): every
 * {@code orchestra.billing.reconciliation.every} (an hour), on one replica, Stripe's events of the
 * handled types since the last run (with an overlap) are listed ({@code GET /v1/events}) and those
 * missing from the event table are stored, then applied by the worker exactly like a webhook's. What
 * it healed is logged and counted ({@code orchestra_billing_reconciliation_healed_total}).
 *
 * <p>No database transaction is held across a call to Stripe, however slow Stripe is or however many
 * pages there are:
 * <ol>
 *   <li><b>claim</b> — a short transaction under platform's {@link SingleReplica} lock (two replicas never
 *       claim at once) reads the run state: unless another replica's lease is live, or the last run is
 *       less than (about) a period old, it starts a run (its window) or takes up the one in progress
 *       (a run that failed), and takes a lease on it;</li>
 *   <li><b>each page</b> — {@code GET /v1/events} outside any transaction, then a short transaction that
 *       checks the lease is still this run's, stores the page's missing events, moves the cursor on and
 *       extends the lease;</li>
 *   <li><b>finish</b> — a short transaction records how far it listed and drops the run and the lease.</li>
 * </ol>
 * One replica at a time lists: the lease outlives the longest Stripe call; a replica that stops
 * mid-run loses it when it expires, and the next claim resumes the run at its cursor. A run that fails
 * (Stripe down) keeps what it stored and its cursor, lets go of the lease and is resumed at the next
 * tick; one Stripe refuses (a 4xx) is dropped, the next starts afresh.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    static final String JOB = "stripe-reconciliation";
    static final String HEALED = "orchestra.billing.reconciliation.healed";
    static final String RUNS = "orchestra.billing.reconciliation.runs";
    /** Stripe lists events of the last 30 days. */
    private static final Duration STRIPE_KEEPS = Duration.ofDays(30);
    /** Timers of one schedule drift a little: a run this close to a full period after the last one counts as due. */
    private static final double DUE_FRACTION = 0.95;
    /** What a page may take beyond its Stripe call (its transaction, a pause). */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /** A run this replica holds the lease of: its window, where it stands, and what it healed before (when resumed). */
    private record Run(UUID owner, Instant since, Instant until, String after, int healedBefore, boolean resumed) {
    }

    /** The lease went to another replica (this one was too slow): this run stops, the other one goes on. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("reconciliation: the lease went to another replica; this run stops");
        }
    }

    private final StripeGateway stripe;
    private final EventRepository events;
    private final ReconciliationRepository state;
    private final SingleReplica singleReplica;
    private final WorkSignal signal;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration every;
    private final Duration overlap;
    private final Duration firstLookback;
    private final long pageSize;
    private final Duration lease;

    public Reconciliation(StripeGateway stripe, EventRepository events, ReconciliationRepository state, SingleReplica singleReplica,
                          WorkSignal signal, MeterRegistry metrics, Clock clock,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.every") Duration every,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.overlap") Duration overlap,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.first-lookback") Duration firstLookback,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.page-size") long pageSize,
                          @ConfigProperty(name = "orchestra.billing.stripe.connect-timeout") Duration connectTimeout,
                          @ConfigProperty(name = "orchestra.billing.stripe.read-timeout") Duration readTimeout,
                          @ConfigProperty(name = "orchestra.billing.stripe.max-network-retries") int maxNetworkRetries) {
        this.stripe = stripe;
        this.events = events;
        this.state = state;
        this.singleReplica = singleReplica;
        this.signal = signal;
        this.metrics = metrics;
        this.clock = clock;
        this.every = every;
        this.overlap = overlap;
        this.firstLookback = firstLookback;
        this.pageSize = pageSize;
        // The longest one page's Stripe call can take (with stripe-java's retries), and a margin.
        this.lease = connectTimeout.plus(readTimeout).multipliedBy(maxNetworkRetries + 1L).plus(LEASE_MARGIN);
        Counter.builder(HEALED).description("Stripe events reconciliation found missing and stored for the worker").register(metrics);
        for (String outcome : List.of("done", "failed")) {
            Counter.builder(RUNS).description("Reconciliation runs, by outcome").tag("outcome", outcome).register(metrics);
        }
    }

    /** Each replica's timer; the run happens on one of them, once per period (a failed run: at the next tick). */
    @Scheduled(identity = "stripe-reconciliation", every = "{orchestra.billing.reconciliation.tick}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("reconciliation failed (%s); resumed at the next tick", e.toString());
        }
    }

    /**
     * What each tick does: one run if it is due here — no other replica holds the run, and the last one
     * finished about a period ago or more, or failed and waits to be resumed. How many events this call
     * healed, or -1 when it did not run. Public so that tests reach the due check the timer uses.
     */
    public int runIfDue() {
        return run(false);
    }

    /**
     * One run now, due or not (unless another replica holds the run): how many events this call healed,
     * or -1 when it did not run. Resumes a run that failed, at its cursor.
     */
    public int runNow() {
        return run(true);
    }

    private int run(boolean now) {
        Optional<Run> claimed = claim(now);
        if (claimed.isEmpty()) {
            return -1;
        }
        Run run = claimed.get();
        try {
            return reconcile(run);
        } catch (RuntimeException e) {
            metrics.counter(RUNS, "outcome", "failed").increment();
            if (!(e instanceof LeaseLostException)) {
                boolean refused = e instanceof StripeRefusedException;
                try {
                    QuarkusTransaction.requiringNew().run(() -> state.release(run.owner(), refused));
                } catch (RuntimeException releaseFailed) {
                    LOG.warnf("reconciliation: the lease could not be let go (%s); it expires by itself", releaseFailed.toString());
                }
                if (refused) {
                    LOG.errorf("reconciliation: Stripe refused the listing (%s); the run is dropped, the next starts afresh",
                            e.getMessage());
                }
            }
            throw e;
        }
    }

    /** The claim: a short transaction under platform's single-replica lock. Empty when there is nothing to run here now. */
    private Optional<Run> claim(boolean evenIfNotDue) {
        AtomicReference<Run> claimed = new AtomicReference<>();
        singleReplica.run(JOB, () -> {
            Instant now = clock.instant();
            ReconciliationRepository.State current = state.lock();
            if (current.leasedAt(now)) {
                LOG.debugf("reconciliation: another replica runs it (lease until %s)", current.leaseUntil());
                return;
            }
            boolean resumed = current.runInProgress();
            if (!evenIfNotDue && !resumed && current.lastRunAt() != null
                    && Duration.between(current.lastRunAt(), now).toMillis() < every.toMillis() * DUE_FRACTION) {
                return;
            }
            Instant since = current.runSince();
            Instant until = current.runUntil();
            if (!resumed) {
                until = now.truncatedTo(ChronoUnit.SECONDS);
                Instant oldest = until.minus(STRIPE_KEEPS);
                since = current.listedUntil() != null ? current.listedUntil().minus(overlap) : until.minus(firstLookback);
                if (since.isBefore(oldest)) {
                    since = oldest;
                }
                state.startRun(since, until);
            }
            UUID owner = UUID.randomUUID();
            state.lease(owner, now.plus(lease));
            claimed.set(new Run(owner, since, until, resumed ? current.runAfter() : null, resumed ? current.runHealed() : 0, resumed));
        });
        return Optional.ofNullable(claimed.get());
    }

    /** The run's pages, each stored in its own short transaction after its Stripe call; then the finish. */
    private int reconcile(Run run) {
        if (run.resumed()) {
            LOG.infof("reconciliation: resuming the run since %s%s", run.since(), run.after() == null ? "" : " after " + run.after());
        }
        int listed = 0;
        int healed = 0;
        String after = run.after();
        while (true) {
            // Outside any transaction: Stripe may be slow, the backlog big.
            StripeRecords.EventPage page = stripe.events(run.since(), StripeEventTypes.HANDLED, after, pageSize);
            listed += page.events().size();
            String cursor = page.events().isEmpty() ? after : page.events().get(page.events().size() - 1).id();
            List<String> stored = QuarkusTransaction.requiringNew().call(() -> store(run, page, cursor));
            if (!stored.isEmpty()) {
                healed += stored.size();
                metrics.counter(HEALED).increment(stored.size());
                LOG.warnf("reconciliation: healed %d events the webhook never brought: %s", stored.size(), String.join(", ", stored));
            }
            if (!page.hasMore() || page.events().isEmpty()) {
                break;
            }
            after = cursor;
        }
        int total = run.healedBefore() + healed;
        QuarkusTransaction.requiringNew().run(() -> {
            ensureLease(run);
            state.finish(run.until(), clock.instant().truncatedTo(ChronoUnit.MICROS), total);
        });
        metrics.counter(RUNS, "outcome", "done").increment();
        LOG.infof("reconciliation: %d Stripe events since %s listed, %d healed%s", listed, run.since(), total,
                run.resumed() ? " (the run was resumed)" : "");
        return healed;
    }

    /** One page: its events the table lacks stored, the cursor moved on, the lease extended. Returns what it stored. */
    private List<String> store(Run run, StripeRecords.EventPage page, String cursor) {
        ensureLease(run);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<String> known = events.existing(page.events().stream().map(StripeRecords.Event::id).toList());
        List<String> stored = new ArrayList<>();
        for (StripeRecords.Event event : page.events()) {
            if (known.contains(event.id()) || !StripeEventTypes.isHandled(event.type())) {
                continue;
            }
            if (events.insertIfAbsent(event.id(), event.type(), event.created(), event.customerId(), event.payload(), "reconciliation",
                    now)) {
                stored.add(event.id() + " (" + event.type() + ")");
            }
        }
        state.page(cursor, stored.size(), now.plus(lease));
        if (!stored.isEmpty()) {
            signal.wakeAfterCommit();
        }
        return stored;
    }

    /** Under the row's lock: the lease is still this run's. */
    private void ensureLease(Run run) {
        if (!run.owner().equals(state.lock().leaseOwner())) {
            throw new LeaseLostException();
        }
    }
}
