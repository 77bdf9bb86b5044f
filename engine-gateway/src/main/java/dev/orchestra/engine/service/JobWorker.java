package dev.orchestra.engine.service;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.client.EngineException;
import dev.orchestra.engine.client.EngineUnavailableException;
import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.repository.AccountRepository;
import dev.orchestra.engine.repository.JobRepository;
import dev.orchestra.engine.repository.UserLocks;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Drains the job table into the engine: at most {@code orchestra.engine.jobs.max-in-flight} calls at
 * once per replica, one call at a time per file (its row is claimed while the call runs), oldest due
 * first. The outcome of each call:
 * <ul>
 *   <li>done: the row goes (unless a newer version replaced it meanwhile: that one is due at once);</li>
 *   <li>the engine down, too slow or the breaker open: tried again after an exponential backoff, for
 *       as long as the outage lasts — an outage never fails a job;</li>
 *   <li>INVALID_ARGUMENT: failed for good, kept and counted, never retried (a newer version of the
 *       file makes it pending again), and it blocks nothing else;</li>
 *   <li>any other engine error: retried with backoff for as long as it lasts.</li>
 * </ul>
 * A replica that dies mid-call leaves a claim that lapses after {@code orchestra.engine.jobs.lease}.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    private static final String DONE = "Jobs the engine acknowledged";
    private static final String FAILED = "Jobs the engine refused for good (never retried)";

    private final JobRepository jobs;
    private final AccountRepository accounts;
    private final UserLocks locks;
    private final EngineClient engine;
    private final JobSignal signal;
    private final MeterRegistry metrics;
    private final int maxInFlight;
    private final Duration pollInterval;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration lease;
    private final boolean enabled;
    private final Semaphore slots;
    /** Set when a call found the engine away; cleared once its health says it serves again. */
    private volatile boolean engineAway;
    private long nextHealthCheck;
    /** The engine was seen gone (its health not serving, or a call UNAVAILABLE), not merely slow, since it last served. */
    private volatile boolean engineWasDown;
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean running;
    private Thread dispatcher;
    private ExecutorService calls;

    public JobWorker(JobRepository jobs, AccountRepository accounts, UserLocks locks, EngineClient engine, JobSignal signal,
                     MeterRegistry metrics,
                     @ConfigProperty(name = "orchestra.engine.jobs.max-in-flight") int maxInFlight,
                     @ConfigProperty(name = "orchestra.engine.jobs.poll-interval") Duration pollInterval,
                     @ConfigProperty(name = "orchestra.engine.jobs.backoff.initial") Duration backoffInitial,
                     @ConfigProperty(name = "orchestra.engine.jobs.backoff.max") Duration backoffMax,
                     @ConfigProperty(name = "orchestra.engine.jobs.lease") Duration lease,
                     @ConfigProperty(name = "orchestra.engine.jobs.enabled", defaultValue = "true") boolean enabled,
                     @ConfigProperty(name = "orchestra.engine.deadline.write") Duration writeDeadline,
                     @ConfigProperty(name = "orchestra.engine.retry.max-retries") int maxRetries,
                     @ConfigProperty(name = "orchestra.engine.retry.max-delay") Duration retryMaxDelay) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("orchestra.engine.jobs.max-in-flight must be at least 1");
        }
        // A claim must outlive the longest call it covers (every retry at its full deadline), or a
        // second replica could send the same file's next call while the first is still in flight.
        Duration longestCall = writeDeadline.multipliedBy(maxRetries + 1L).plus(retryMaxDelay.multipliedBy(maxRetries));
        if (lease.compareTo(longestCall) <= 0) {
            throw new IllegalArgumentException("orchestra.engine.jobs.lease (" + lease + ") must be longer than a write call "
                    + "with all its retries (" + longestCall + ")");
        }
        this.jobs = jobs;
        this.accounts = accounts;
        this.locks = locks;
        this.engine = engine;
        this.signal = signal;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.pollInterval = pollInterval;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.lease = lease;
        this.enabled = enabled;
        this.slots = new Semaphore(maxInFlight);
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("orchestra.engine.jobs.backlog", this, w -> w.query(w.jobs::backlog))
                .description("Jobs waiting for the engine (files to index or remove, projects to drop)").register(metrics);
        Gauge.builder("orchestra.engine.jobs.oldest.age", this, w -> w.query(w.jobs::oldestPendingAgeSeconds)).baseUnit("seconds")
                .description("Age of the oldest job still waiting for the engine").register(metrics);
        Gauge.builder("orchestra.engine.jobs.failed.kept", this, w -> w.query(w.jobs::failed))
                .description("Jobs the engine refused for good, kept in the job table").register(metrics);
        Gauge.builder("orchestra.engine.jobs.in.flight", inFlight, AtomicInteger::get)
                .description("Engine calls of the job worker in flight on this replica").register(metrics);
        for (dev.orchestra.engine.domain.JobKind kind : dev.orchestra.engine.domain.JobKind.values()) {
            // Present from the start (at 0), not only after the first job of each kind.
            Counter.builder("orchestra.engine.jobs.done").description(DONE).tag("kind", kind.code()).register(metrics);
            Counter.builder("orchestra.engine.jobs.failed").description(FAILED).tag("kind", kind.code()).register(metrics);
        }
        if (!enabled) {
            return;
        }
        running = true;
        calls = Executors.newFixedThreadPool(maxInFlight, runnable -> {
            Thread thread = new Thread(runnable, "engine-jobs-call");
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "engine-jobs");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        signal.wake();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            calls.shutdown();
            // Calls in flight end by their deadline; a claim left behind lapses after the lease.
            calls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
    }

    private void dispatch() {
        Duration idle = pollInterval;
        while (running) {
            try {
                wakeJobsIfEngineIsBack();
                int free = slots.availablePermits();
                List<Job> claimed = List.of();
                if (free > 0) {
                    claimed = QuarkusTransaction.requiringNew().call(() -> {
                        jobs.purgeAbandoned();
                        return jobs.claim(free, lease);
                    });
                }
                for (Job job : claimed) {
                    slots.acquireUninterruptibly();
                    inFlight.incrementAndGet();
                    try {
                        calls.execute(() -> {
                            try {
                                run(job);
                            } finally {
                                inFlight.decrementAndGet();
                                slots.release();
                                signal.wake();
                            }
                        });
                    } catch (RuntimeException e) {
                        // Not taken (shutting down): its claim lapses after the lease.
                        inFlight.decrementAndGet();
                        slots.release();
                        throw e;
                    }
                }
                idle = pollInterval;
                if (free == 0 || claimed.size() < free) {
                    signal.await(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // The database away, or anything else (an Error included): the jobs wait in their
                // table, and this loop is the only one draining it, so it backs off and goes on.
                if (e instanceof RuntimeException) {
                    LOG.warnf("engine jobs: could not claim jobs (%s); retrying in %d ms", e, idle.toMillis());
                } else {
                    LOG.errorf(e, "engine jobs: unexpected failure; retrying in %d ms", idle.toMillis());
                }
                try {
                    signal.await(idle.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                idle = min(idle.multipliedBy(2), backoffMax);
            }
        }
    }

    /**
     * After an outage, jobs wait out their backoff (up to {@code backoff.max}) although the engine
     * may be back long before: while a call found the engine away, each round asks the engine's
     * health (cheap, outside the breaker) and, once it serves, makes every waiting job due at once.
     */
    private void wakeJobsIfEngineIsBack() {
        if (!engineAway || System.nanoTime() < nextHealthCheck) {
            return;
        }
        // At most once per initial backoff: an engine whose health serves while its calls fail must
        // not turn this into a busy loop of wake, fail, wake.
        nextHealthCheck = System.nanoTime() + backoffInitial.toNanos();
        if (!engine.health(false).serving()) {
            // Seen gone: when it serves again, that is a recovery, not a slow engine.
            engineWasDown = true;
            return;
        }
        boolean breakerOpen = engine.breakerState() == CircuitBreakerState.OPEN;
        if (breakerOpen && !engineWasDown) {
            // Opened by calls that were too slow, not by an engine that was gone: serving health says
            // nothing about its speed, so the breaker keeps its delay and the jobs their backoff.
            return;
        }
        engineAway = false;
        engineWasDown = false;
        // The engine was gone and serves again. A breaker the outage left open would turn the woken
        // jobs away for its whole delay, each refusal pushing them further back (up to backoff.max):
        // the engine's own health is the better witness now.
        boolean closed = breakerOpen && engine.closeBreakerIfOpen();
        int due = QuarkusTransaction.requiringNew().call(jobs::dueNow);
        LOG.infof("engine jobs: the engine serves again%s; %d waiting jobs are due now", closed ? " (circuit breaker closed)" : "", due);
    }

    /** Engine calls of this replica's worker in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** One call for one job, then its outcome written (in a transaction of its own). */
    void run(Job job) {
        Outcome outcome;
        String error = null;
        try {
            switch (job.kind()) {
                case INDEX -> engine.indexFile(EngineMessages.indexFile(job));
                case REMOVE -> engine.removeFile(EngineMessages.removeFile(job));
                case DROP -> engine.dropProject(EngineMessages.dropProject(job));
            }
            outcome = Outcome.DONE;
        } catch (EngineUnavailableException e) {
            outcome = Outcome.RETRY;
            error = e.getMessage();
            engineAway = true;
            if (e.code() == Status.Code.UNAVAILABLE) {
                engineWasDown = true;
            }
        } catch (EngineException e) {
            // Only a refusal is final. Any other error is retried with backoff for as long as it
            // lasts: giving up on a removal or a drop would leave deleted content searchable.
            error = e.getMessage();
            outcome = e.isRefusal() ? Outcome.FAILED : Outcome.RETRY;
            if (!e.isRefusal()) {
                LOG.warnf("engine job %d (%s): %s; retried", job.id(), job.kind().code(), error);
            }
        } catch (Throwable e) {
            // An Error included: the job is tried again rather than left claimed until its lease ends.
            LOG.errorf(e, "engine job %d (%s) failed unexpectedly; retried", job.id(), job.kind().code());
            error = e.toString();
            outcome = Outcome.RETRY;
        }
        try {
            record(job, outcome, error);
        } catch (Throwable e) {
            // The call's outcome is lost with the database: the claim lapses and the job runs again
            // (the engine's version rules make that harmless).
            LOG.warnf("engine job %d: could not record its outcome (%s); it runs again after its lease", job.id(), e);
        }
    }

    private void record(Job job, Outcome outcome, String error) {
        switch (outcome) {
            case DONE -> {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (job.userId() != null) {
                        locks.lock(job.userId());
                    }
                    Optional<UUID> user = jobs.finish(job);
                    user.ifPresent(accounts::indexedNow);
                });
                counter("orchestra.engine.jobs.done", DONE, job).increment();
            }
            case FAILED -> {
                boolean marked = QuarkusTransaction.requiringNew().call(() -> jobs.fail(job, error));
                if (marked) {
                    LOG.warnf("engine job %d (%s of project %s, file %s, version %d) failed for good: %s", job.id(),
                            job.kind().code(), job.projectId(), job.fileId(), job.version(), error);
                    counter("orchestra.engine.jobs.failed", FAILED, job).increment();
                }
            }
            case RETRY -> {
                Duration backoff = backoff(job.attempts());
                LOG.debugf("engine job %s: %s; again in %s ms", (Object) job.id(), error, backoff.toMillis());
                QuarkusTransaction.requiringNew().run(() -> jobs.retryLater(job, error, backoff));
                counter("orchestra.engine.jobs.retried", "Job attempts that will be tried again (engine down or erring)", job)
                        .increment();
            }
        }
    }

    /** initial × 2^(attempts − 1), at most max. */
    Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = backoffInitial.toMillis() << Math.min(doublings, 20);
        return min(Duration.ofMillis(millis < 0 ? Long.MAX_VALUE : millis), backoffMax);
    }

    private Counter counter(String name, String description, Job job) {
        return Counter.builder(name).description(description).tag("kind", job.kind().code()).register(metrics);
    }

    private double query(java.util.function.Supplier<? extends Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private enum Outcome {
        DONE, RETRY, FAILED
    }
}
