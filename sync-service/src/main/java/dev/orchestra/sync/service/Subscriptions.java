package dev.orchestra.sync.service;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.sync.domain.Account;
import dev.orchestra.sync.repository.AccountRepository;
import dev.orchestra.sync.repository.ChangeLogRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * billing-service's SubscriptionChanged, kept per user for the socket's account frame: only a higher
 * {@code subscription_version} than the one kept changes anything, and each change is announced on
 * {@code sync.pokes.v1} (AccountChanged) in the same transaction, so every replica tells the user's
 * sockets. A deleted user's events are dropped.
 */
@ApplicationScoped
public class Subscriptions {

    private final AccountRepository accounts;
    private final ChangeLogRepository log;
    private final Revocations revocations;
    private final SyncEvents events;
    private final Clock clock;

    public Subscriptions(AccountRepository accounts, ChangeLogRepository log, Revocations revocations, SyncEvents events, Clock clock) {
        this.accounts = accounts;
        this.log = log;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(SubscriptionEnvelope event) {
        if (!event.hasSubscriptionChanged()) {
            // PaymentFailed changes nothing a device shows.
            return;
        }
        UUID userId = EventCodec.userId(event);
        Account account = account(event.getSubscriptionChanged());
        if (revocations.isDeleted(userId)) {
            return;
        }
        // The user's head lock, which the erasure takes too: an erasure committed meanwhile is seen
        // by the check below, and one coming later waits for this row and deletes it.
        log.lockHead(userId);
        if (revocations.isDeleted(userId)) {
            return;
        }
        if (accounts.saveIfNewer(userId, account, clock.instant())) {
            events.accountChanged(userId, account);
        }
    }

    /** What the user's sockets are told on opening: the account kept, or the token's plan when none is. */
    public Account current(UUID userId, String tokenPlan) {
        return accounts.find(userId).orElseGet(() -> Account.unknown(tokenPlan));
    }

    private static Account account(SubscriptionChanged changed) {
        if (changed.getPlan().isBlank()) {
            throw new UnprocessableEventException("a SubscriptionChanged without a plan");
        }
        if (changed.getSubscriptionVersion() < 1) {
            throw new UnprocessableEventException("a SubscriptionChanged without a positive subscription_version: "
                    + changed.getSubscriptionVersion());
        }
        return new Account(changed.getPlan(), changed.getStatus().isBlank() ? null : changed.getStatus(), changed.getCancelAtPeriodEnd(),
                changed.hasCurrentPeriodEnd() ? EventCodec.instant(changed.getCurrentPeriodEnd()) : null,
                changed.getSubscriptionVersion());
    }
}
