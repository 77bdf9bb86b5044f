package dev.orchestra.notification.service;

import dev.orchestra.notification.client.MailSendException;
import dev.orchestra.notification.client.OutgoingMail;
import dev.orchestra.notification.client.SmtpClient;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryClaim;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.Preferences;
import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.domain.UnreadableDeliveryException;
import dev.orchestra.notification.repository.DeliveryRepository;
import dev.orchestra.notification.repository.PreferencesRepository;
import dev.orchestra.notification.repository.RecipientRepository;
import dev.orchestra.platform.security.Revocations;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the delivery log's pending mails: woken after each commit that recorded some, and sweeping
 * every {@code orchestra.notification.sender.sweep-every} for retries and for rows another replica
 * left behind.
 *
 * <p>Each attempt is one transaction that holds the delivery's row lock ({@code for update skip
 * locked}: another thread or replica skips it, so each delivery is claimed by one sender at a time,
 * and a crashed replica's claim ends with its connection). Under that lock the sender re-checks that
 * the user was not deleted, that the token has not expired and that a billing receipt is still
 * wanted, sends, and marks the row sent in the same transaction, right after the SMTP server accepted
 * the mail. The one way to send a mail twice is a crash (or a lost database connection) between the
 * server's acceptance and that commit: the row stays pending and is sent again. An erasure
 * (UserDeleted) that comes while a mail is being sent waits for that transaction, so nothing is sent
 * after the erasure commits.
 *
 * <p>An attempt that fails in a way nobody planned for (a row it cannot read, a statement that fails)
 * is rolled back and then recorded from a transaction of its own — {@code failed} when it can never
 * succeed, otherwise a retry on the schedule — so that no row is tried again and again ahead of the
 * others.
 *
 * <p>On shutdown no new row is claimed, and the sender waits for the sends in flight for as long as
 * one attempt may last (its transaction timeout: {@code send-timeout} plus a margin), so a normal
 * shutdown does not cut a send between the server's acceptance and the {@code sent} mark.
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);
    private static final int MAX_ERROR_LENGTH = 500;
    /** What an attempt may take beyond the send itself: the claim, rendering, the mark and the commit. */
    private static final Duration ATTEMPT_MARGIN = Duration.ofSeconds(30);
    static final String RECEIPTS_OFF = "billing receipts turned off";

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final PreferencesRepository preferences;
    private final Revocations revocations;
    private final MailComposer composer;
    private final SmtpClient smtp;
    private final RetrySchedule schedule;
    private final SenderSignal signal;
    private final Clock clock;
    private final boolean enabled;
    private final int threads;
    private final Duration sweepEvery;
    private final Duration attemptLimit;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean stopping;

    public DeliverySender(DeliveryRepository deliveries, RecipientRepository recipients, PreferencesRepository preferences,
                          Revocations revocations, MailComposer composer, SmtpClient smtp, RetrySchedule schedule,
                          SenderSignal signal, Clock clock,
                          @ConfigProperty(name = "orchestra.notification.sender.enabled") boolean enabled,
                          @ConfigProperty(name = "orchestra.notification.sender.threads") int threads,
                          @ConfigProperty(name = "orchestra.notification.sender.sweep-every") Duration sweepEvery,
                          @ConfigProperty(name = "orchestra.notification.sender.send-timeout") Duration sendTimeout) {
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.preferences = preferences;
        this.revocations = revocations;
        this.composer = composer;
        this.smtp = smtp;
        this.schedule = schedule;
        this.signal = signal;
        this.clock = clock;
        this.enabled = enabled;
        this.threads = threads;
        this.sweepEvery = sweepEvery;
        // The send is bounded by its own timeout; the transaction around it gets that and a margin.
        this.attemptLimit = sendTimeout.plus(ATTEMPT_MARGIN);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("the delivery sender is disabled (orchestra.notification.sender.enabled=false)");
            return;
        }
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "notification-sender-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Claims nothing more, then waits for the attempts in flight — each ends within its transaction
     * timeout ({@code send-timeout} plus a margin) — so that a mail the server accepted is marked sent
     * before the process goes.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + attemptLimit.toNanos();
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(worker, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (worker.isAlive()) {
                LOG.warnf("%s still sending after %s; a mail it sends may be sent again by another replica", worker.getName(),
                        attemptLimit);
            }
        }
    }

    /** How long {@link #stop} waits at most for the sends in flight. */
    Duration shutdownWait() {
        return attemptLimit;
    }

    private void work() {
        while (running) {
            long seen = signal.generation();
            boolean attempted = false;
            try {
                attempted = attemptNext();
            } catch (RuntimeException e) {
                // The database away, most likely: the deliveries wait where they are.
                LOG.warnf("delivery sender: %s; trying again in %s", e, sweepEvery);
            }
            if (!attempted) {
                try {
                    signal.await(seen, sweepEvery);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Attempts the delivery due first, if any: true when there was one (whatever came of it). Once
     * {@link #stop} has begun, claims nothing.
     */
    boolean attemptNext() {
        if (stopping) {
            return false;
        }
        AtomicReference<DeliveryClaim> claimed = new AtomicReference<>();
        try {
            return QuarkusTransaction.requiringNew().timeout((int) attemptLimit.toSeconds()).call(() -> {
                Instant now = now();
                Optional<DeliveryClaim> claim = deliveries.claimNextDue(now);
                if (claim.isEmpty()) {
                    return false;
                }
                claimed.set(claim.get());
                Delivery delivery = deliveries.find(claim.get().id())
                        .orElseThrow(() -> new IllegalStateException("a claimed delivery vanished"));
                attempt(delivery, now);
                return true;
            });
        } catch (RuntimeException e) {
            DeliveryClaim claim = claimed.get();
            if (claim == null) {
                // Nothing was claimed: the database itself failed. Nothing to record.
                throw e;
            }
            // Recorded: go on with the next row. Not recorded: wait for the sweep rather than spin on this one.
            return recordUnexpectedFailure(claim, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private void attempt(Delivery delivery, Instant now) {
        if (revocations.isDeleted(delivery.userId())) {
            // Recorded as the erasure committed: erased here instead, never sent.
            deliveries.delete(delivery.id());
            LOG.infof("delivery %s: the user was deleted; erased unsent", delivery.id());
            return;
        }
        if (delivery.expiresAt() != null && !now.isBefore(delivery.expiresAt())) {
            // Never a dead link: expired when the token's expiry was the stop, failed when the window closed first.
            DeliveryStatus status = RetrySchedule.statusAtStop(delivery.expiresAt(), delivery.giveUpAt());
            deliveries.finishUnsent(delivery.id(), status, delivery.attempts(),
                    delivery.lastError() == null ? "the token expired before the mail could be sent" : delivery.lastError(), now);
            LOG.infof("delivery %s (%s): its token expired before it could be sent; %s", delivery.id(), delivery.kind().id(),
                    status.id());
            return;
        }
        if (delivery.kind().isBillingReceipt()
                && !preferences.find(delivery.userId()).orElse(Preferences.DEFAULTS).allows(delivery.kind())) {
            // Turned off after the notice was queued: not sent, and the log says why.
            deliveries.finishUnsent(delivery.id(), DeliveryStatus.FAILED, delivery.attempts(), RECEIPTS_OFF, now);
            LOG.infof("delivery %s (%s): the user turned billing receipts off; not sent", delivery.id(), delivery.kind().id());
            return;
        }
        // Past the end of the window (and no token expired) this is the last attempt: it fails for good below.
        String email = delivery.email();
        String name = delivery.name();
        if (!delivery.kind().carriesToken()) {
            // Billing mails go to the address the user has now.
            Optional<Recipient> recipient = recipients.find(delivery.userId());
            if (recipient.isEmpty()) {
                failed(delivery, now, "no address known for this user yet (waiting for UserRegistered)");
                return;
            }
            email = recipient.get().email();
            name = recipient.get().name();
        }
        OutgoingMail mail;
        try {
            mail = composer.compose(delivery, email, name);
        } catch (RuntimeException e) {
            // The templates are compiled in and the row does not change: rendering it again cannot succeed.
            LOG.errorf(e, "delivery %s (%s): the mail could not be rendered; failed", delivery.id(), delivery.kind().id());
            deliveries.finishUnsent(delivery.id(), DeliveryStatus.FAILED, delivery.attempts() + 1, truncate("rendering failed: " + e),
                    now);
            return;
        }
        try {
            smtp.send(mail);
        } catch (MailSendException e) {
            failed(delivery, now, e.getMessage());
            return;
        }
        deliveries.markSent(delivery.id(), email, delivery.attempts() + 1, now);
        LOG.infof("delivery %s (%s): sent", delivery.id(), delivery.kind().id());
    }

    /**
     * A failed attempt: the next one after the backoff — at the delivery's stop (its token's expiry or
     * the end of its window) when the backoff would reach past it — or, when this attempt was at the
     * stop, the end: {@code failed} (or {@code expired} for a token that died first).
     */
    private void failed(Delivery delivery, Instant now, String error) {
        int attempts = delivery.attempts() + 1;
        String reason = truncate(error);
        RetrySchedule.Outcome outcome = schedule.afterFailedAttempt(attempts, now, delivery.expiresAt(), delivery.giveUpAt());
        if (outcome.isFinal()) {
            deliveries.finishUnsent(delivery.id(), outcome.status(), attempts, reason, now);
            LOG.warnf("delivery %s (%s): attempt %d failed (%s); the last one: %s", delivery.id(), delivery.kind().id(), attempts,
                    reason, outcome.status().id());
            return;
        }
        deliveries.scheduleRetry(delivery.id(), attempts, reason, outcome.nextAttemptAt(), now);
        LOG.infof("delivery %s (%s): attempt %d failed (%s); next at %s", delivery.id(), delivery.kind().id(), attempts, reason,
                outcome.nextAttemptAt());
    }

    /**
     * The attempt's transaction failed unexpectedly and was rolled back; its row is recorded from a
     * new one: {@code failed} at once when it can never be sent (a row this version cannot read),
     * otherwise as a failed attempt on the schedule. If even that cannot be written (the database is
     * away), the row stays as it was and is claimed again later.
     */
    private boolean recordUnexpectedFailure(DeliveryClaim claim, RuntimeException failure) {
        boolean permanent = isUnreadable(failure);
        String reason = truncate((permanent ? "unreadable delivery: " : "unexpected failure: ") + describe(failure));
        if (permanent) {
            LOG.errorf(failure, "delivery %s cannot be read; failed", claim.id());
        } else {
            LOG.errorf(failure, "delivery %s: the attempt failed unexpectedly", claim.id());
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant now = now();
                RetrySchedule.Outcome outcome = permanent
                        ? new RetrySchedule.Outcome(DeliveryStatus.FAILED, null)
                        : schedule.afterFailedAttempt(claim.attempts() + 1, now, claim.expiresAt(), claim.giveUpAt());
                if (deliveries.recordFailure(claim.id(), claim.attempts(), outcome.status(), reason, outcome.nextAttemptAt(), now)) {
                    LOG.warnf("delivery %s: recorded as %s%s", claim.id(), outcome.status().id(),
                            outcome.isFinal() ? "" : " until " + outcome.nextAttemptAt());
                }
                // Not updated: another sender got to the row first and recorded its own outcome.
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warnf("delivery %s: its failure could not be recorded (%s); it is claimed again later", claim.id(), e);
            return false;
        }
    }

    private static boolean isUnreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnreadableDeliveryException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        Throwable cause = failure.getCause();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return cause == null || cause == failure ? text : text + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
    }

    private static String truncate(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }
}
