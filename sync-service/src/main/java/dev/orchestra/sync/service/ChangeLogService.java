package dev.orchestra.sync.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.orchestra.platform.json.JsonConventions;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.Project;
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
 */
@ApplicationScoped
public class ChangeLogService {

    private final ChangeLogRepository log;
    private final RejectionRepository rejections;
    private final DeviceRepository devices;
    private final Revocations revocations;
    private final SyncEvents events;
    private final Activity activity;
    private final ObjectMapper json;
    private final Clock clock;

    public ChangeLogService(ChangeLogRepository log, RejectionRepository rejections, DeviceRepository devices,
                            Revocations revocations, SyncEvents events, Activity activity, ObjectMapper json, Clock clock) {
        this.log = log;
        this.rejections = rejections;
        this.devices = devices;
        this.revocations = revocations;
        this.events = events;
        this.activity = activity;
        this.json = json;
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
            case PROJECT_CREATED -> entity(userId, project(event.getProjectCreated().getProject(), Op.CREATE, at),
                    origin(event.getProjectCreated().hasOrigin(), event.getProjectCreated().getOrigin()));
            case PROJECT_UPDATED -> entity(userId, project(event.getProjectUpdated().getProject(), Op.UPDATE, at),
                    origin(event.getProjectUpdated().hasOrigin(), event.getProjectUpdated().getOrigin()));
            case PROJECT_DELETED -> entity(userId, project(event.getProjectDeleted().getProject(), Op.DELETE, at),
                    origin(event.getProjectDeleted().hasOrigin(), event.getProjectDeleted().getOrigin()));
            case FILE_UPSERTED -> entity(userId, file(event.getFileUpserted().getFile(), null, at),
                    origin(event.getFileUpserted().hasOrigin(), event.getFileUpserted().getOrigin()));
            case FILE_DELETED -> entity(userId, file(event.getFileDeleted().getFile(), Op.DELETE, at),
                    origin(event.getFileDeleted().hasOrigin(), event.getFileDeleted().getOrigin()));
            case MUTATION_NOOP -> processed(userId, origin(event.getMutationNoop().hasOrigin(), event.getMutationNoop().getOrigin()));
            case MUTATION_REJECTED -> rejected(userId, event.getMutationRejected(), at);
            default -> {
                // Kinds this consumer does not know are skipped before they reach here.
            }
        }
    }

    /** An entity's new state, as project-service published it. {@code op} null: create or update as the log knows it. */
    private record Incoming(EntityKind entity, UUID entityId, UUID projectId, Op op, long version, String dataJson, Instant at) {
    }

    private void entity(UUID userId, Incoming incoming, Origin origin) {
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
    private boolean isNewer(UUID userId, Incoming incoming, Optional<EntityRow> known) {
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
        Origin origin = origin(rejected.hasOrigin(), rejected.getOrigin());
        if (origin == null) {
            throw new UnprocessableEventException("a MutationRejected without its origin");
        }
        String current = switch (rejected.getCurrentCase()) {
            case CURRENT_PROJECT -> project(rejected.getCurrentProject(), Op.UPDATE, at).dataJson();
            case CURRENT_FILE -> file(rejected.getCurrentFile(), Op.UPDATE, at).dataJson();
            default -> null;
        };
        ObjectNode details = json.createObjectNode();
        rejected.getDetailsMap().forEach(details::put);
        // Under the head's lock, like an append: an erasure committed meanwhile is seen, nothing comes back.
        log.lockHead(userId);
        if (revocations.isDeleted(userId)) {
            return;
        }
        Rejection rejection = new Rejection(0, origin.deviceId(), origin.mutationId(), kind(rejected.getEntity()),
                uuid(rejected.getEntityId()), reason(rejected.getReason()), rejected.getMessage(), write(details),
                rejected.hasCurrentVersion() ? rejected.getCurrentVersion() : null, current, at);
        boolean recorded = rejections.record(userId, rejection);
        processed(userId, origin);
        if (recorded) {
            activity.logged(userId, 0, 1);
            events.changesAppended(userId, 0, 0, origin, true);
        }
    }

    private Incoming project(Project project, Op op, Instant at) {
        ObjectNode data = json.createObjectNode();
        data.put("id", project.getId());
        data.put("name", project.getName());
        if (project.hasPath()) {
            data.put("path", project.getPath());
        } else {
            data.putNull("path");
        }
        data.set("settings", settings(project.getSettingsJson()));
        data.put("version", project.getVersion());
        data.put("created_at", timestamp(project.getCreatedAt()));
        data.put("updated_at", timestamp(project.getUpdatedAt()));
        if (project.hasLastSyncedAt()) {
            data.put("last_synced_at", timestamp(project.getLastSyncedAt()));
        } else {
            data.putNull("last_synced_at");
        }
        UUID id = uuid(project.getId());
        return new Incoming(EntityKind.PROJECT, id, null, project.getDeleted() ? Op.DELETE : op, project.getVersion(), write(data), at);
    }

    /** A file's metadata: never its content. */
    private Incoming file(File file, Op op, Instant at) {
        ObjectNode data = json.createObjectNode();
        data.put("id", file.getId());
        data.put("project_id", file.getProjectId());
        data.put("path", file.getPath());
        data.put("size", file.getSize());
        data.put("content_hash", file.getContentHash());
        data.put("version", file.getVersion());
        data.put("created_at", timestamp(file.getCreatedAt()));
        data.put("updated_at", timestamp(file.getUpdatedAt()));
        return new Incoming(EntityKind.FILE, uuid(file.getId()), uuid(file.getProjectId()), file.getDeleted() ? Op.DELETE : op,
                file.getVersion(), write(data), at);
    }

    private JsonNode settings(String settingsJson) {
        if (settingsJson == null || settingsJson.isEmpty()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(settingsJson);
        } catch (JsonProcessingException e) {
            throw new UnprocessableEventException("a project whose settings are not JSON", e);
        }
    }

    private static String timestamp(Timestamp timestamp) {
        return JsonConventions.TIMESTAMP.format(EventCodec.instant(timestamp));
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Origin origin(boolean present, dev.orchestra.proto.events.v1.Origin origin) {
        if (!present || origin.getDeviceId().isEmpty()) {
            return null;
        }
        return new Origin(uuid(origin.getDeviceId()), origin.getMutationId());
    }

    private static EntityKind kind(EntityType type) {
        return switch (type) {
            case ENTITY_TYPE_PROJECT -> EntityKind.PROJECT;
            case ENTITY_TYPE_FILE -> EntityKind.FILE;
            default -> throw new UnprocessableEventException("a rejection of an unknown entity type: " + type);
        };
    }

    private static String reason(MutationRejected.Reason reason) {
        return switch (reason) {
            case REASON_STALE_VERSION -> "stale_version";
            case REASON_NOT_FOUND -> "not_found";
            case REASON_VALIDATION_FAILED -> "validation_failed";
            case REASON_PLAN_LIMIT -> "plan_limit";
            case REASON_CONFLICT -> "conflict";
            default -> throw new UnprocessableEventException("a rejection without a known reason: " + reason);
        };
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("an id that is not a UUID: " + text, e);
        }
    }
}
