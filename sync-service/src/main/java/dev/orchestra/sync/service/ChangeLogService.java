package dev.orchestra.sync.service;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.domain.Origin;
import dev.orchestra.sync.domain.Rejection;
import dev.orchestra.sync.repository.ChangeLogRepository;
import dev.orchestra.sync.repository.ChangeLogRepository.EntityRow;
import dev.orchestra.sync.repository.ChangeLogRepository.Head;
import dev.orchestra.sync.repository.DeviceRepository;
import dev.orchestra.sync.repository.RejectionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The change log (docs/architecture.md section 6, step 3): project-service's events become entries of the
 * user's log with the next seq, metadata only, and the entity's current state for snapshots. An
 * entity's event older than (or as old as) the state known is a no-op. Every outcome of a sync
 * mutation advances its device's last processed mutation id; a rejection is kept for that device.
 * What was appended or rejected is announced on {@code sync.pokes.v1} in the same transaction.
 * The events' fields are read into the log's shapes by {@link ChangeData}.
 */
@ApplicationScoped
public class ChangeLogService {

    private final ChangeLogRepository log;
    private final RejectionRepository rejections;
    private final DeviceRepository devices;
    private final Revocations revocations;
    private final SyncEvents events;
    private final Activity activity;
    private final ChangeData data;
    private final Clock clock;

    public ChangeLogService(ChangeLogRepository log, RejectionRepository rejections, DeviceRepository devices,
                            Revocations revocations, SyncEvents events, Activity activity, ChangeData data, Clock clock) {
        this.log = log;
        this.rejections = rejections;
        this.devices = devices;
        this.revocations = revocations;
        this.events = events;
        this.activity = activity;
        this.data = data;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(ProjectEnvelope event) {
        UUID userId = EventCodec.userId(event);
        if (revocations.isDeleted(userId)) {
            return;
        }
        Instant at = EventCodec.occurredAt(event);
        switch (event.getKindCase()) {
            case PROJECT_CREATED -> entity(userId, data.project(event.getProjectCreated().getProject(), Op.CREATE, at),
                    ChangeData.origin(event.getProjectCreated().hasOrigin(), event.getProjectCreated().getOrigin()));
            case PROJECT_UPDATED -> entity(userId, data.project(event.getProjectUpdated().getProject(), Op.UPDATE, at),
                    ChangeData.origin(event.getProjectUpdated().hasOrigin(), event.getProjectUpdated().getOrigin()));
            case PROJECT_DELETED -> entity(userId, data.project(event.getProjectDeleted().getProject(), Op.DELETE, at),
                    ChangeData.origin(event.getProjectDeleted().hasOrigin(), event.getProjectDeleted().getOrigin()));
            case FILE_UPSERTED -> entity(userId, data.file(event.getFileUpserted().getFile(), null, at),
                    ChangeData.origin(event.getFileUpserted().hasOrigin(), event.getFileUpserted().getOrigin()));
            case FILE_DELETED -> entity(userId, data.file(event.getFileDeleted().getFile(), Op.DELETE, at),
                    ChangeData.origin(event.getFileDeleted().hasOrigin(), event.getFileDeleted().getOrigin()));
            case MUTATION_NOOP -> processed(userId,
                    ChangeData.origin(event.getMutationNoop().hasOrigin(), event.getMutationNoop().getOrigin()));
            case MUTATION_REJECTED -> rejected(userId, event.getMutationRejected(), at);
            default -> {
                // Kinds this consumer does not know are skipped before they reach here.
            }
        }
    }

    private void entity(UUID userId, ChangeData.Incoming incoming, Origin origin) {
        Head head = log.lockHead(userId);
        // Checked again under the head's lock, which the erasure takes too: an erasure that committed
        // since the first check is seen here, and nothing of the user is written back.
        if (revocations.isDeleted(userId)) {
            return;
        }
        Optional<EntityRow> known = log.entity(userId, incoming.entityId());
        long seq = 0;
        if (isNewer(userId, incoming, known)) {
            Op op = incoming.op() != null ? incoming.op()
                    : known.isEmpty() || known.get().deleted() ? Op.CREATE : Op.UPDATE;
            seq = head.lastSeq() + 1;
            Change change = new Change(seq, incoming.entity(), incoming.entityId(), op, incoming.version(),
                    op == Op.DELETE ? null : incoming.dataJson(), origin, incoming.at());
            log.append(userId, change, clock.instant());
            log.saveEntity(userId, change, incoming.projectId());
            log.setLastSeq(userId, seq);
            if (incoming.entity() == EntityKind.PROJECT && op == Op.DELETE) {
                log.dropFilesOf(userId, incoming.entityId(), seq, incoming.at());
            }
        }
        // Row locks in the order a push takes them (device, then the day's counters): two orders
        // would deadlock a push with the log's append.
        processed(userId, origin);
        if (seq > 0) {
            activity.logged(userId, 1, 0);
            events.changesAppended(userId, seq, seq, origin, false);
        }
    }

    /**
     * Whether the event moves the entity forward: newer than the state known, and — for a file — of a
     * project that is not deleted (a file event after its project's deletion, replayed say, is stale).
     */
    private boolean isNewer(UUID userId, ChangeData.Incoming incoming, Optional<EntityRow> known) {
        if (known.isPresent() && known.get().version() >= incoming.version()) {
            return false;
        }
        if (incoming.entity() == EntityKind.FILE && incoming.projectId() != null) {
            Optional<EntityRow> project = log.entity(userId, incoming.projectId());
            return project.isEmpty() || !project.get().deleted();
        }
        return true;
    }

    private void processed(UUID userId, Origin origin) {
        if (origin != null) {
            devices.advanceProcessed(origin.deviceId(), userId, origin.mutationId());
        }
    }

    private void rejected(UUID userId, MutationRejected rejected, Instant at) {
        Origin origin = ChangeData.origin(rejected.hasOrigin(), rejected.getOrigin());
        if (origin == null) {
            throw new UnprocessableEventException("a MutationRejected without its origin");
        }
        // Under the head's lock, like an append: an erasure committed meanwhile is seen, nothing comes back.
        log.lockHead(userId);
        if (revocations.isDeleted(userId)) {
            return;
        }
        Rejection rejection = data.rejection(rejected, origin, at);
        boolean recorded = rejections.record(userId, rejection);
        processed(userId, origin);
        if (recorded) {
            activity.logged(userId, 0, 1);
            events.changesAppended(userId, 0, 0, origin, true);
        }
    }
}
