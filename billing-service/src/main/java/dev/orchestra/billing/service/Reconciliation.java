package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.repository.EventRepository;
import dev.orchestra.billing.repository.ReconciliationRepository;
import dev.orchestra.platform.scheduling.SingleReplica;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Heals what the webhook never brought (Stripe retries a failed delivery for up to 3 days; an
 * endpoint misconfigured, a secret rotated, an outage longer than that): every
 * {@code orchestra.billing.reconciliation.every} (an hour), on one replica (platform's
 * {@link SingleReplica}), Stripe's events of the handled types since the last run (with an overlap)
 * are listed ({@code GET /v1/events}) and those missing from the event table are stored, then applied
 * by the worker exactly like a webhook's. What it healed is logged and counted
 * ({@code orchestra_billing_reconciliation_healed_total}).
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    static final String JOB = "stripe-reconciliation";
    static final String HEALED = "orchestra.billing.reconciliation.healed";
    static final String RUNS = "orchestra.billing.reconciliation.runs";
    /** Stripe lists events of the last 30 days. */
    private static final Duration STRIPE_KEEPS = Duration.ofDays(30);
    private static final long PAGE = 100;

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

    public Reconciliation(StripeGateway stripe, EventRepository events, ReconciliationRepository state, SingleReplica singleReplica,
                          WorkSignal signal, MeterRegistry metrics, Clock clock,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.every") Duration every,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.overlap") Duration overlap,
                          @ConfigProperty(name = "orchestra.billing.reconciliation.first-lookback") Duration firstLookback) {
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
        Counter.builder(HEALED).description("Stripe events reconciliation found missing and stored for the worker").register(metrics);
        for (String outcome : List.of("done", "failed")) {
            Counter.builder(RUNS).description("Reconciliation runs, by outcome").tag("outcome", outcome).register(metrics);
        }
    }

    /** Each replica's timer; the run happens on one of them, once per period. */
    @Scheduled(identity = "stripe-reconciliation", every = "{orchestra.billing.reconciliation.tick}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            singleReplica.runAtMostEvery(JOB, every, this::reconcile);
        } catch (RuntimeException e) {
            metrics.counter(RUNS, "outcome", "failed").increment();
            LOG.warnf("reconciliation failed (%s); tried again at the next tick", e.toString());
        }
    }

    /** One run now (unless another replica runs it): how many events it healed, or -1 when it did not run. */
    public int runNow() {
        AtomicInteger healed = new AtomicInteger(-1);
        try {
            singleReplica.run(JOB, () -> healed.set(reconcile()));
        } catch (RuntimeException e) {
            metrics.counter(RUNS, "outcome", "failed").increment();
            throw e;
        }
        return healed.get();
    }

    private int reconcile() {
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant oldest = started.minus(STRIPE_KEEPS);
        Instant since = state.listedUntil().map(until -> until.minus(overlap)).orElse(started.minus(firstLookback));
        if (since.isBefore(oldest)) {
            since = oldest;
        }
        int listed = 0;
        List<String> healed = new ArrayList<>();
        String after = null;
        while (true) {
            StripeRecords.EventPage page = stripe.events(since, StripeEventTypes.HANDLED, after, PAGE);
            listed += page.events().size();
            Set<String> known = events.existing(page.events().stream().map(StripeRecords.Event::id).toList());
            for (StripeRecords.Event event : page.events()) {
                if (known.contains(event.id()) || !StripeEventTypes.isHandled(event.type())) {
                    continue;
                }
                if (events.insertIfAbsent(event.id(), event.type(), event.created(), event.customerId(), event.payload(),
                        "reconciliation", clock.instant().truncatedTo(ChronoUnit.MICROS))) {
                    healed.add(event.id() + " (" + event.type() + ")");
                }
            }
            if (!page.hasMore() || page.events().isEmpty()) {
                break;
            }
            after = page.events().get(page.events().size() - 1).id();
        }
        state.save(started, started, healed.size());
        metrics.counter(RUNS, "outcome", "done").increment();
        if (healed.isEmpty()) {
            LOG.infof("reconciliation: %d Stripe events since %s, none missing", listed, since);
        } else {
            metrics.counter(HEALED).increment(healed.size());
            signal.wakeAfterCommit();
            LOG.warnf("reconciliation: %d Stripe events since %s; healed %d the webhook never brought: %s", listed, since, healed.size(),
                    String.join(", ", healed));
        }
        return healed.size();
    }
}
