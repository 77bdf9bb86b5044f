package dev.orchestra.notification.service;

import dev.orchestra.notification.client.MailSendException;
import dev.orchestra.notification.client.OutgoingMail;
import dev.orchestra.notification.client.SmtpClient;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.repository.DeliveryRepository;
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
 * the user was not deleted and the token has not expired, sends, and marks the row sent in the same
 * transaction, right after the SMTP server accepted the mail. The one way to send a mail twice is a
 * crash (or a lost database connection) between the server's acceptance and that commit: the row
 * stays pending and is sent again. An erasure (UserDeleted) that comes while a mail is being sent
 * waits for that transaction, so nothing is sent after the erasure commits.
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final Revocations revocations;
    private final MailComposer composer;
    private final SmtpClient smtp;
    private final RetrySchedule schedule;
    private final SenderSignal signal;
    private final Clock clock;
    private final boolean enabled;
    private final int threads;
    private final Duration sweepEvery;
    private final int transactionTimeoutSeconds;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public DeliverySender(DeliveryRepository deliveries, RecipientRepository recipients, Revocations revocations,
                          MailComposer composer, SmtpClient smtp, RetrySchedule schedule, SenderSignal signal, Clock clock,
                          @ConfigProperty(name = "orchestra.notification.sender.enabled") boolean enabled,
                          @ConfigProperty(name = "orchestra.notification.sender.threads") int threads,
                          @ConfigProperty(name = "orchestra.notification.sender.sweep-every") Duration sweepEvery,
                          @ConfigProperty(name = "orchestra.notification.sender.send-timeout") Duration sendTimeout) {
        this.deliveries = deliveries;
        this.recipients = recipients;
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
        this.transactionTimeoutSeconds = (int) sendTimeout.plusSeconds(30).toSeconds();
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

    void stop(@Observes ShutdownEvent event) {
        running = false;
        signal.wake();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        while (running) {
            long seen = signal.generation();
            boolean sentOne = false;
            try {
                sentOne = attemptNext();
            } catch (RuntimeException e) {
                // The database away, most likely: the deliveries wait where they are.
                LOG.warnf("delivery sender: %s; trying again in %s", e, sweepEvery);
            }
            if (!sentOne) {
                try {
                    signal.await(seen, sweepEvery);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Attempts the delivery due first, if any: true when there was one. */
    boolean attemptNext() {
        return QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds).call(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Optional<Delivery> due = deliveries.lockNextDue(now);
            due.ifPresent(delivery -> attempt(delivery, now));
            return due.isPresent();
        });
    }

    private void attempt(Delivery delivery, Instant now) {
        if (revocations.isDeleted(delivery.userId())) {
            // Recorded as the erasure committed: erased here instead, never sent.
            deliveries.delete(delivery.id());
            LOG.infof("delivery %s: the user was deleted; erased unsent", delivery.id());
            return;
        }
        if (delivery.expiresAt() != null && !now.isBefore(delivery.expiresAt())) {
            deliveries.finishUnsent(delivery.id(), DeliveryStatus.EXPIRED, delivery.attempts(), delivery.lastError(), now);
            LOG.infof("delivery %s (%s): its token expired before it could be sent", delivery.id(), delivery.kind().id());
            return;
        }
        if (!now.isBefore(delivery.giveUpAt())) {
            deliveries.finishUnsent(delivery.id(), DeliveryStatus.FAILED, delivery.attempts(),
                    delivery.lastError() == null ? "not sent within the retry window" : delivery.lastError(), now);
            LOG.warnf("delivery %s (%s): not sent within the retry window; failed", delivery.id(), delivery.kind().id());
            return;
        }
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
            LOG.errorf(e, "delivery %s (%s): the mail could not be rendered", delivery.id(), delivery.kind().id());
            failed(delivery, now, "rendering failed: " + e);
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
     * A failed attempt: the next one after the backoff, or none — failed when the next would fall
     * outside the retry window; a token mail's next attempt is no later than its token's expiry, where
     * it ends expired.
     */
    private void failed(Delivery delivery, Instant now, String error) {
        int attempts = delivery.attempts() + 1;
        String reason = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        Instant next = now.plus(schedule.backoffAfter(attempts));
        if (!next.isBefore(delivery.giveUpAt())) {
            deliveries.finishUnsent(delivery.id(), DeliveryStatus.FAILED, attempts, reason, now);
            LOG.warnf("delivery %s (%s): attempt %d failed (%s); the last one: failed", delivery.id(), delivery.kind().id(), attempts,
                    reason);
            return;
        }
        if (delivery.expiresAt() != null && next.isAfter(delivery.expiresAt())) {
            next = delivery.expiresAt();
        }
        deliveries.scheduleRetry(delivery.id(), attempts, reason, next, now);
        LOG.infof("delivery %s (%s): attempt %d failed (%s); next at %s", delivery.id(), delivery.kind().id(), attempts, reason, next);
    }
}
