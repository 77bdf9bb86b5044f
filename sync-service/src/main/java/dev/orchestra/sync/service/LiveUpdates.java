package dev.orchestra.sync.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.sync.domain.Account;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.Origin;
import dev.orchestra.sync.domain.Rejection;
import dev.orchestra.sync.repository.ChangeLogRepository;
import dev.orchestra.sync.repository.RejectionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the broadcast pokes into socket frames on this replica (docs/architecture.md section 6, step 5):
 * {@code changes} to every socket of the user, {@code rejected} only to the origin device's,
 * {@code account} to every socket of the user (and to each socket once as it opens). Nothing is read
 * from the database unless this replica holds a socket of that user.
 */
@ApplicationScoped
public class LiveUpdates {

    /** The frames' shapes. */
    public record ChangesFrame(String type, long fromSeq, long toSeq, List<Wire.ChangeView> changes, String cursor) {
    }

    public record RejectedFrame(String type, List<Wire.RejectionView> rejected) {
    }

    /** {@code status} and {@code current_period_end} are null when unknown (always written, never left out). */
    public record AccountFrame(String type, String plan, String status, boolean cancelAtPeriodEnd, Instant currentPeriodEnd) {
        static AccountFrame of(Account account) {
            return new AccountFrame("account", account.plan(), account.status(), account.cancelAtPeriodEnd(), account.currentPeriodEnd());
        }
    }

    private final LiveSockets sockets;
    private final Revocations revocations;
    private final ChangeLogRepository log;
    private final RejectionRepository rejections;
    private final dev.orchestra.sync.repository.DeviceRepository deviceRows;
    private final Subscriptions subscriptions;
    private final ObjectMapper json;

    public LiveUpdates(LiveSockets sockets, ChangeLogRepository log, RejectionRepository rejections,
                       dev.orchestra.sync.repository.DeviceRepository devices, Subscriptions subscriptions, ObjectMapper json,
                       Revocations revocations) {
        this.revocations = revocations;
        this.deviceRows = devices;
        this.subscriptions = subscriptions;
        this.sockets = sockets;
        this.log = log;
        this.rejections = rejections;
        this.json = json;
    }

    public void changesAppended(UUID userId, long fromSeq, long toSeq, Origin origin, boolean rejected) {
        Set<UUID> devices = sockets.devicesOf(userId);
        if (devices.isEmpty()) {
            return;
        }
        if (rejected && origin != null && devices.contains(origin.deviceId())) {
            List<Rejection> rows = rejections.ofMutation(origin.deviceId(), origin.mutationId());
            if (!rows.isEmpty()) {
                sockets.sendToDevice(userId, origin.deviceId(),
                        write(new RejectedFrame("rejected", rows.stream().map(Wire::rejection).toList())));
            }
        }
        if (toSeq > 0) {
            List<Change> changes = log.changesBetween(userId, fromSeq, toSeq);
            if (changes.isEmpty()) {
                // Pruned or erased meanwhile: the device finds out when it pulls.
                return;
            }
            List<Wire.ChangeView> views = changes.stream().map(Wire::change).toList();
            // One read for every device's mark: a poke costs the same few queries however many devices.
            Map<UUID, Long> marks = deviceRows.rejectionsPulledThrough(devices);
            for (UUID device : devices) {
                // The rejection mark is the last one a pull handed out: a rejection only sent as a frame (or
                // never sent, the device being away) is listed again by the next pull, keyed by its mutation id.
                String cursor = SyncCursor.log(toSeq, marks.getOrDefault(device, 0L)).encode(userId, device);
                sockets.sendToDevice(userId, device, write(new ChangesFrame("changes", fromSeq, toSeq, views, cursor)));
            }
        }
    }

    /** The user's account changed: the frame to every socket of theirs here that has not had this version yet. */
    public void accountChanged(UUID userId, Account account) {
        if (!sockets.devicesOf(userId).isEmpty()) {
            sockets.sendAccount(userId, null, account.subscriptionVersion(), write(AccountFrame.of(account)));
        }
    }

    /**
     * A socket of the user has just been registered here: it gets the account as known now (from
     * the token's plan when nothing is). Read after the registration, so a change committed later
     * reaches the socket through its poke; when that poke's frame went out first, this older one is
     * skipped by its version. False, with nothing sent, when the socket's session was revoked or its
     * user deleted meanwhile: the caller closes it.
     */
    public boolean socketOpened(UUID userId, UUID sessionId, String socketId, String tokenPlan) {
        // Checked again once registered: the upgrade's own check may have passed just before a
        // revocation whose poke then went by before the socket was registered. The revocation is
        // committed before its poke is published, so either this read or that poke ends the socket.
        if (revocations.refuses(userId, sessionId)) {
            return false;
        }
        Account account = subscriptions.current(userId, tokenPlan);
        sockets.sendAccount(userId, socketId, account.subscriptionVersion(), write(AccountFrame.of(account)));
        return true;
    }

    public void socketsClosed(UUID userId, List<UUID> sessions, boolean all) {
        sockets.close(userId, all ? null : new HashSet<>(sessions), all ? "account deleted" : "session revoked");
    }

    private String write(Object frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
