package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeRefusedException;
import dev.orchestra.billing.client.StripeUnavailableException;
import dev.orchestra.billing.domain.StoredEvent;
import dev.orchestra.billing.domain.StripeJob;
import dev.orchestra.billing.repository.EventRepository;
import dev.orchestra.billing.repository.JobRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies the stored Stripe events and runs the Stripe jobs, after the webhook's answer: woken after
 * each commit that stored some, and sweeping every {@code orchestra.billing.worker.sweep-every} for
 * retries and for rows another replica stored (or left behind when it stopped: nothing is lost in a
 * restart, the rows wait in the table).
 *
 * <p>Each attempt is one transaction that holds the row's lock ({@code for update skip locked}: each
 * row is worked on by one worker at a time) and, inside, the user's lock: the event or job, its
 * effect, its outbox rows and its end commit together — an event is applied once. Stripe unavailable:
 * rolled back and tried again after a backoff, for as long as the outage lasts. Any other failure: tried
 * again, and an event that failed {@code max-attempts} times is {@code failed} (kept, logged, counted)
 * so it blocks nothing. A job Stripe refuses (a 4xx other than an idempotency key in flight: the same
 * request would be refused again) is given up at once, and one that failed otherwise
 * {@code max-attempts} times too: deleted, logged as an error, counted in
 * {@code orchestra_billing_jobs_abandoned_total} — never retried forever.
 */
@ApplicationScoped
public class BillingWorker {

    private static final Logger LOG = Logger.getLogger(BillingWorker.class);
    static final String APPLIED = "orchestra.billing.events.applied";
    static final String JOBS = "orchestra.billing.jobs.done";
    static final String JOBS_ABANDONED = "orchestra.billing.jobs.abandoned";
    private static final int MAX_ERROR = 500;
    /** What an attempt may take beyond its Stripe calls. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final EventRepository events;
    private final JobRepository jobs;
    private final EventApplier applier;
    private final JobRunner runner;
    private final WorkSignal signal;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final boolean enabled;
    private final int threads;
    private final Duration sweepEvery;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int maxAttempts;
    private final int attemptTimeoutSeconds;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public BillingWorker(EventRepository events, JobRepository jobs, EventApplier applier, JobRunner runner, WorkSignal signal,
                         MeterRegistry metrics, Clock clock,
                         @ConfigProperty(name = "orchestra.billing.worker.enabled") boolean enabled,
                         @ConfigProperty(name = "orchestra.billing.worker.threads") int threads,
                         @ConfigProperty(name = "orchestra.billing.worker.sweep-every") Duration sweepEvery,
                         @ConfigProperty(name = "orchestra.billing.worker.backoff.initial") Duration backoffInitial,
                         @ConfigProperty(name = "orchestra.billing.worker.backoff.max") Duration backoffMax,
                         @ConfigProperty(name = "orchestra.billing.worker.max-attempts") int maxAttempts,
                         @ConfigProperty(name = "orchestra.billing.stripe.connect-timeout") Duration connectTimeout,
                         @ConfigProperty(name = "orchestra.billing.stripe.read-timeout") Duration readTimeout,
                         @ConfigProperty(name = "orchestra.billing.stripe.max-network-retries") int maxNetworkRetries) {
        this.events = events;
        this.jobs = jobs;
        this.applier = applier;
        this.runner = runner;
        this.signal = signal;
        this.metrics = metrics;
        this.clock = clock;
        this.enabled = enabled;
        this.threads = threads;
        this.sweepEvery = sweepEvery;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.maxAttempts = maxAttempts;
        // An attempt makes up to four Stripe calls in a row (an erasure: the replayed create, list, cancel, delete), each
        // with its retries.
        Duration call = connectTimeout.plus(readTimeout).multipliedBy(maxNetworkRetries + 1L);
        this.attemptTimeoutSeconds = (int) call.multipliedBy(4).plus(MARGIN).toSeconds();
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("orchestra.billing.events.pending", events, EventRepository::pending)
                .description("Stripe events stored and not applied yet").register(metrics);
        Gauge.builder("orchestra.billing.jobs.pending", jobs, JobRepository::pending)
                .description("Stripe jobs (erasures, customer updates) not done yet").register(metrics);
        for (String type : StripeEventTypes.HANDLED) {
            for (String outcome : List.of("applied", "ignored", "failed")) {
                Counter.builder(APPLIED).description("Stripe events the worker finished, by type and outcome").tag("type", type)
                        .tag("outcome", outcome).register(metrics);
            }
        }
        for (StripeJob.Kind kind : StripeJob.Kind.values()) {
            Counter.builder(JOBS).description("Stripe jobs done (erasures, customer updates)").tag("kind", kind.id()).register(metrics);
            Counter.builder(JOBS_ABANDONED).description("Stripe jobs given up on (refused by Stripe, or failing too often)")
                    .tag("kind", kind.id()).register(metrics);
        }
        if (!enabled) {
            LOG.info("the billing worker is disabled (orchestra.billing.worker.enabled=false)");
            return;
        }
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "billing-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        signal.wake();
        for (Thread worker : workers) {
            try {
                TimeUnit.SECONDS.timedJoin(worker, attemptTimeoutSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        while (running) {
            long seen = signal.generation();
            boolean worked = false;
            try {
                worked = applyNextEvent() | runNextJob();
            } catch (RuntimeException e) {
                LOG.warnf("billing worker: %s; trying again in %s", e, sweepEvery);
            }
            if (!worked) {
                try {
                    signal.await(seen, sweepEvery);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Applies the stored event due first, if any: true when there was one (whatever came of it). */
    public boolean applyNextEvent() {
        AtomicReference<StoredEvent> claimed = new AtomicReference<>();
        try {
            return inTransaction(() -> {
                Instant now = now();
                Optional<StoredEvent> next = events.claimNextDue(now);
                if (next.isEmpty()) {
                    return false;
                }
                StoredEvent event = next.get();
                claimed.set(event);
                EventApplier.Outcome outcome = applier.apply(event);
                events.finish(event.id(), outcome.status(), event.attempts() + 1, outcome.note(), outcome.forget(), now);
                count(event.type(), outcome.status());
                LOG.debugf("stripe event %s (%s, from the %s): %s%s", event.id(), event.type(), event.source(), outcome.status(),
                        outcome.note() == null ? "" : " (" + outcome.note() + ")");
                return true;
            });
        } catch (RuntimeException e) {
            StoredEvent event = claimed.get();
            if (event == null) {
                throw e;
            }
            eventFailed(event, e);
            return true;
        }
    }

    /** Runs the Stripe job due first, if any: true when there was one. */
    public boolean runNextJob() {
        AtomicReference<StripeJob> claimed = new AtomicReference<>();
        try {
            return inTransaction(() -> {
                Optional<StripeJob> next = jobs.claimNextDue(now());
                if (next.isEmpty()) {
                    return false;
                }
                StripeJob job = next.get();
                claimed.set(job);
                runner.run(job);
                jobs.delete(job.id());
                metrics.counter(JOBS, "kind", job.kind().id()).increment();
                return true;
            });
        } catch (RuntimeException e) {
            StripeJob job = claimed.get();
            if (job == null) {
                throw e;
            }
            String error = describe(e);
            boolean outage = isUnavailable(e);
            StripeRefusedException refused = outage ? null : refusal(e);
            if (!outage && (refused != null || job.attempts() + 1 >= maxAttempts)) {
                abandon(job, refused, error, e);
                return true;
            }
            Instant next = now().plus(backoff(job.attempts() + 1));
            if (outage) {
                LOG.warnf("stripe job %s (%s of user %s): Stripe unavailable (%s); again at %s", job.id(), job.kind().id(), job.userId(),
                        error, next);
            } else {
                LOG.errorf(e, "stripe job %s (%s of user %s) failed; again at %s", job.id(), job.kind().id(), job.userId(), next);
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> jobs.retry(job.id(), job.attempts(), error, next));
            } catch (RuntimeException recordFailed) {
                LOG.warnf("stripe job %s: its failure could not be recorded (%s)", job.id(), recordFailed);
            }
            return true;
        }
    }

    /** A job Stripe refused, or that failed too often: deleted (with what it kept), logged and counted. */
    private void abandon(StripeJob job, StripeRefusedException refused, String error, RuntimeException e) {
        try {
            boolean gone = QuarkusTransaction.requiringNew().call(() -> jobs.abandon(job.id(), job.attempts()));
            if (!gone) {
                return;
            }
            metrics.counter(JOBS_ABANDONED, "kind", job.kind().id()).increment();
            String target = job.customerId() != null ? "customer " + job.customerId() : "the customer of attempt " + job.attemptId();
            if (refused != null) {
                LOG.errorf("stripe job %s (%s of user %s, %s): Stripe refused it (HTTP %d%s: %s); given up, %s needs a hand at Stripe",
                        job.id(), job.kind().id(), job.userId(), target, refused.status(),
                        refused.code() == null ? "" : " " + refused.code(), refused.getMessage(), target);
            } else {
                LOG.errorf(e, "stripe job %s (%s of user %s, %s) failed %d times (%s); given up, %s needs a hand at Stripe", job.id(),
                        job.kind().id(), job.userId(), target, job.attempts() + 1, error, target);
            }
        } catch (RuntimeException recordFailed) {
            LOG.warnf("stripe job %s: could not be given up (%s)", job.id(), recordFailed);
        }
    }

    private void eventFailed(StoredEvent event, RuntimeException e) {
        String error = describe(e);
        int attempts = event.attempts() + 1;
        boolean outage = isUnavailable(e);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!outage && attempts >= maxAttempts) {
                    events.finish(event.id(), "failed", attempts, error, false, now());
                    count(event.type(), "failed");
                    LOG.errorf(e, "stripe event %s (%s) failed %d times; kept as failed", event.id(), event.type(), attempts);
                    return;
                }
                Instant next = now().plus(backoff(attempts));
                events.retry(event.id(), event.attempts(), error, next);
                if (outage) {
                    LOG.warnf("stripe event %s (%s): Stripe unavailable (%s); again at %s", event.id(), event.type(), error, next);
                } else {
                    LOG.errorf(e, "stripe event %s (%s) failed (attempt %d); again at %s", event.id(), event.type(), attempts, next);
                }
            });
        } catch (RuntimeException recordFailed) {
            LOG.warnf("stripe event %s: its failure could not be recorded (%s)", event.id(), recordFailed);
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().timeout(attemptTimeoutSeconds).call(work::get);
    }

    private void count(String type, String outcome) {
        metrics.counter(APPLIED, "type", type, "outcome", outcome).increment();
    }

    /** initial x 2^(attempts-1), at most max. */
    Duration backoff(int attempts) {
        Duration delay = backoffInitial.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StripeUnavailableException) {
                return true;
            }
            if (t instanceof StripeRefusedException refused && refused.isIdempotencyInFlight()) {
                return true;
            }
        }
        return false;
    }

    /** Stripe's refusal of the request (never one of an idempotency key in flight), if that is what failed. */
    static StripeRefusedException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StripeRefusedException refused && !refused.isIdempotencyInFlight()) {
                return refused;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
