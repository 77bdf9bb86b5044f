package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.Rejection;
import dev.orchestra.sync.repository.ChangeLogRepository;
import dev.orchestra.sync.repository.ChangeLogRepository.Head;
import dev.orchestra.sync.repository.DeviceRepository.DeviceRow;
import dev.orchestra.sync.repository.RejectionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pull (docs/architecture.md section 6, step 4). Without a cursor: a snapshot of the user's live entities taken
 * at one seq, paged, whose last page's cursor continues the log from that seq — an entity changed
 * after the snapshot's seq is left out of it and arrives through the log, so nothing falls between.
 * With a cursor: the changes after it, paged; 410 only when some of them were pruned. Either way,
 * the device's rejections since its cursor and its last processed mutation id.
 */
@ApplicationScoped
public class PullService {

    /** One page of a pull. */
    public record Pulled(List<Change> changes, String cursor, boolean hasMore, long lastMutationId, List<Rejection> rejected) {
    }

    private final DeviceService devices;
    private final dev.orchestra.sync.repository.DeviceRepository deviceRows;
    private final ChangeLogRepository log;
    private final RejectionRepository rejections;
    private final Activity activity;
    private final int pageSize;

    public PullService(DeviceService devices, dev.orchestra.sync.repository.DeviceRepository deviceRows, ChangeLogRepository log,
                       RejectionRepository rejections, Activity activity,
                       @ConfigProperty(name = "orchestra.sync.pull-page-size", defaultValue = "1000") int pageSize) {
        this.devices = devices;
        this.deviceRows = deviceRows;
        this.log = log;
        this.rejections = rejections;
        this.activity = activity;
        this.pageSize = pageSize;
    }

    @Transactional
    public Pulled pull(UUID userId, UUID deviceId, String cursorText) {
        DeviceRow device = devices.claimForPull(userId, deviceId, cursorText == null);
        SyncCursor cursor = cursorText == null ? null : SyncCursor.decode(userId, deviceId, cursorText);
        Head head = log.head(userId);
        long lastRejection = cursor == null ? 0 : cursor.lastRejectionId();
        List<Rejection> rejected = rejections.after(deviceId, lastRejection, pageSize + 1);
        boolean moreRejections = rejected.size() > pageSize;
        if (moreRejections) {
            rejected = rejected.subList(0, pageSize);
        }
        long rejectionMark = rejected.isEmpty() ? lastRejection : rejected.get(rejected.size() - 1).id();
        // Socket frames carry cursors from this mark: never past a rejection no pull has handed out.
        deviceRows.pulledRejectionsThrough(deviceId, rejectionMark);

        List<Change> page;
        SyncCursor next;
        boolean more;
        if (cursor == null || cursor.snapshot()) {
            long atSeq = cursor == null ? head.lastSeq() : cursor.seq();
            if (atSeq > head.lastSeq()) {
                throw SyncCursor.invalid();
            }
            List<Change> rows = log.snapshotPage(userId, atSeq, cursor == null ? null : cursor.afterKind(),
                    cursor == null ? null : cursor.afterId(), pageSize + 1);
            if (rows.size() > pageSize) {
                page = rows.subList(0, pageSize);
                Change last = page.get(page.size() - 1);
                next = SyncCursor.snapshot(atSeq, last.entity(), last.entityId(), rejectionMark);
                more = true;
            } else {
                page = rows;
                // The snapshot is done: the log continues from its seq (changes since then: pull again).
                next = SyncCursor.log(atSeq, rejectionMark);
                more = head.lastSeq() > atSeq;
            }
        } else {
            if (cursor.seq() > head.lastSeq()) {
                throw SyncCursor.invalid();
            }
            if (head.prunedThrough() > cursor.seq()) {
                throw new ApiException(ErrorCode.RESYNC_REQUIRED,
                        "Changes after this cursor were pruned: pull again without a cursor for a snapshot");
            }
            List<Change> rows = log.changesAfter(userId, cursor.seq(), pageSize + 1);
            more = rows.size() > pageSize;
            page = more ? rows.subList(0, pageSize) : rows;
            long seq = page.isEmpty() ? cursor.seq() : page.get(page.size() - 1).seq();
            next = SyncCursor.log(seq, rejectionMark);
        }
        // Last, after the device's row: the lock order of pushes.
        activity.active(userId);
        return new Pulled(page, next.encode(userId, deviceId), more || moreRejections, device.lastProcessedMutationId(), rejected);
    }
}
