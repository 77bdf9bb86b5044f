package dev.orchestra.sync.service;

import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.sync.repository.UserDataRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What auth-service's events mean here: a deleted user's devices, log and state are erased (the
 * marker kept, so later events about them are dropped) and every socket of theirs closes; revoked
 * sessions close their sockets — on every replica, through {@code sync.pokes.v1}.
 */
@ApplicationScoped
public class AccountEvents {

    private final UserDataRepository userData;
    private final dev.orchestra.sync.repository.ChangeLogRepository log;
    private final Revocations revocations;
    private final SyncEvents events;
    private final Outbox outbox;

    public AccountEvents(UserDataRepository userData, dev.orchestra.sync.repository.ChangeLogRepository log,
                         Revocations revocations, SyncEvents events, Outbox outbox) {
        this.outbox = outbox;
        this.userData = userData;
        this.log = log;
        this.revocations = revocations;
        this.events = events;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void userDeleted(UUID userId, Instant at) {
        // The head's lock orders the erasure with the user's appends: one appending now finishes first
        // (and is erased), one coming after sees the marker.
        log.lockHead(userId);
        revocations.markDeleted(userId, at);
        userData.erase(userId);
        // Their events not yet published (mutations with contents) go too; the close below still goes out.
        outbox.forgetUser(userId);
        events.allSocketsClosed(userId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void sessionsRevoked(UUID userId, List<UUID> sessionIds, Instant at) {
        if (!sessionIds.isEmpty()) {
            // Refused here from this commit on, so a closed socket cannot reconnect with the same token
            // while platform's own revocation consumer (a group of its own) catches up.
            revocations.revokeSessions(userId, sessionIds, at);
            events.socketsClosed(userId, sessionIds);
        }
    }
}
