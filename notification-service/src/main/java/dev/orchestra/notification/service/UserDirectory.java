package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.repository.DeliveryRepository;
import dev.orchestra.notification.repository.PreferencesRepository;
import dev.orchestra.notification.repository.RecipientRepository;
import dev.orchestra.notification.repository.SubscriptionRepository;
import dev.orchestra.notification.repository.UserLocks;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What this service keeps of users from {@code auth.users.v1}: their address and name (for billing
 * mails), applied only forward by version; and their erasure on UserDeleted.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final RecipientRepository recipients;
    private final PreferencesRepository preferences;
    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final DeliveryService deliveryService;
    private final UserLocks users;
    private final Revocations revocations;
    private final Clock clock;
    private final Outbox outbox;

    public UserDirectory(RecipientRepository recipients, PreferencesRepository preferences, SubscriptionRepository subscriptions,
                         DeliveryRepository deliveries, DeliveryService deliveryService, UserLocks users, Revocations revocations,
                         Clock clock, Outbox outbox) {
        this.outbox = outbox;
        this.recipients = recipients;
        this.preferences = preferences;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.deliveryService = deliveryService;
        this.users = users;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** UserRegistered or UserUpdated: the address and name, unless a newer version is known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userChanged(Recipient state) {
        users.lock(state.userId());
        if (revocations.isDeleted(state.userId())) {
            return;
        }
        Instant now = clock.instant();
        if (recipients.saveIfNewer(state, now) && deliveries.advanceAwaitingAddress(state.userId(), now)) {
            // Billing mails that were waiting for this address go now, not at their next retry.
            deliveryService.wakeSendersAfterCommit();
        }
    }

    /**
     * UserDeleted: the address and name, preferences, subscription state and every delivery to the
     * user are erased, and a marker is kept so that later events about the user are dropped (and the
     * senders re-check it before each mail).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userDeleted(UUID userId, Instant deletedAt) {
        users.lock(userId);
        revocations.markDeleted(userId, deletedAt);
        outbox.forgetUser(userId);
        int erased = deliveries.deleteForUser(userId);
        recipients.delete(userId);
        preferences.delete(userId);
        subscriptions.delete(userId);
        LOG.infof("user %s deleted: address, preferences and %d deliveries erased", userId, erased);
    }
}
