package dev.orchestra.project.service;

import com.google.protobuf.ByteString;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.domain.SyncMutation;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.FileDeleted;
import dev.orchestra.proto.events.v1.FileUpserted;
import dev.orchestra.proto.events.v1.MutationNoop;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.MutationSubmitted;
import dev.orchestra.proto.events.v1.ProjectCreated;
import dev.orchestra.proto.events.v1.ProjectDeleted;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.ProjectUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The events of this context on {@code project.events.v1}, written to the outbox in the caller's
 * transaction (docs/architecture.md section 4). Entity events carry the full state and version, and the
 * origin when a sync mutation made them. Call after the write that locked the entity's project
 * row, so one entity's events keep their commit order.
 */
@ApplicationScoped
public class ProjectEvents {

    public static final String TOPIC = "project.events.v1";

    private final Outbox outbox;
    private final Clock clock;

    public ProjectEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void projectCreated(Project project, Origin origin) {
        ProjectCreated.Builder event = ProjectCreated.newBuilder().setProject(state(project));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(project.ownerId()).setProjectCreated(event).build());
    }

    public void projectUpdated(Project project, Origin origin) {
        ProjectUpdated.Builder event = ProjectUpdated.newBuilder().setProject(state(project));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(project.ownerId()).setProjectUpdated(event).build());
    }

    /** Stands for the project's files too: no FileDeleted is published for them. */
    public void projectDeleted(Project tombstone, Origin origin) {
        ProjectDeleted.Builder event = ProjectDeleted.newBuilder().setProject(state(tombstone));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(tombstone.ownerId()).setProjectDeleted(event).build());
    }

    /** A created or changed file, with its content. */
    public void fileUpserted(UUID ownerId, ProjectFile file, Origin origin) {
        FileUpserted.Builder event = FileUpserted.newBuilder().setFile(state(file));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(ownerId).setFileUpserted(event).build());
    }

    public void fileDeleted(UUID ownerId, ProjectFile tombstone, Origin origin) {
        FileDeleted.Builder event = FileDeleted.newBuilder().setFile(state(tombstone));
        if (origin != null) {
            event.setOrigin(origin(origin));
        }
        outbox.publish(TOPIC, envelope(ownerId).setFileDeleted(event).build());
    }

    /** A sync mutation that had nothing to change. */
    public void mutationNoop(UUID userId, SyncMutation mutation) {
        outbox.publish(TOPIC, envelope(userId).setMutationNoop(MutationNoop.newBuilder().setOrigin(origin(mutation.origin()))
                .setEntity(entityType(mutation.entity())).setEntityId(mutation.entityIdText())).build());
    }

    /**
     * A sync mutation refused, for the refusal's reason. {@code current} (a {@link Project} or a
     * {@link ProjectFile}, without content) is given only when the entity is the user's own; null otherwise.
     */
    public void mutationRejected(UUID userId, SyncMutation mutation, Refusal refusal, Object current) {
        MutationRejected.Builder event = MutationRejected.newBuilder().setOrigin(origin(mutation.origin()))
                .setEntity(entityType(mutation.entity())).setEntityId(mutation.entityIdText()).setReason(reason(refusal.kind()))
                .setMessage(refusal.getMessage() == null ? "" : refusal.getMessage()).putAllDetails(refusal.fields());
        if (current instanceof Project project) {
            event.setCurrentVersion(project.version()).setCurrentProject(state(project));
        } else if (current instanceof ProjectFile file) {
            event.setCurrentVersion(file.version()).setCurrentFile(state(file));
        }
        outbox.publish(TOPIC, envelope(userId).setMutationRejected(event).build());
    }

    /** The contract's rejection reason of each kind of refusal. */
    static MutationRejected.Reason reason(Refusal.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> MutationRejected.Reason.REASON_NOT_FOUND;
            case STALE_VERSION -> MutationRejected.Reason.REASON_STALE_VERSION;
            case ID_TAKEN, PATH_TAKEN -> MutationRejected.Reason.REASON_CONFLICT;
            case PLAN_LIMIT -> MutationRejected.Reason.REASON_PLAN_LIMIT;
            case INVALID, TOO_LARGE -> MutationRejected.Reason.REASON_VALIDATION_FAILED;
        };
    }

    /**
     * A MutationSubmitted as this context applies it. One without an origin device, of an entity type
     * this version does not know, or whose entity id is not a UUID could not be answered, or
     * sync-service could not consume the answer (it keys entities by type and UUID): such a record can
     * never succeed and goes to the dead-letter topic.
     */
    public static SyncMutation mutation(MutationSubmitted submitted) {
        if (!submitted.hasOrigin() || submitted.getOrigin().getDeviceId().isBlank()) {
            throw new UnprocessableEventException("a mutation without an origin: no outcome could reach its device");
        }
        EntityKind entity = switch (submitted.getEntity()) {
            case ENTITY_TYPE_PROJECT -> EntityKind.PROJECT;
            case ENTITY_TYPE_FILE -> EntityKind.FILE;
            default -> throw new UnprocessableEventException("a mutation of no known entity type (" + submitted.getEntity()
                    + "): no outcome sync-service could consume");
        };
        UUID id = Ids.parseOrNull(submitted.getEntityId());
        if (id == null) {
            throw new UnprocessableEventException("a mutation whose entity_id is not a UUID: no outcome sync-service could consume");
        }
        SyncMutation.Operation operation = switch (submitted.getOp()) {
            case OPERATION_CREATE -> SyncMutation.Operation.CREATE;
            case OPERATION_UPDATE -> SyncMutation.Operation.UPDATE;
            case OPERATION_DELETE -> SyncMutation.Operation.DELETE;
            default -> SyncMutation.Operation.UNKNOWN;
        };
        return new SyncMutation(new Origin(submitted.getOrigin().getDeviceId(), submitted.getOrigin().getMutationId()), entity, id,
                submitted.getEntityId(), operation, submitted.getDataJson(),
                submitted.hasBaseVersion() ? submitted.getBaseVersion() : null);
    }

    /** The full state; a tombstone keeps only id, version and deleted (the contract's rule). */
    static dev.orchestra.proto.events.v1.Project state(Project project) {
        var state = dev.orchestra.proto.events.v1.Project.newBuilder()
                .setId(project.id().toString())
                .setVersion(project.version())
                .setDeleted(project.deleted());
        if (project.deleted()) {
            return state.build();
        }
        state.setName(project.name())
                .setSettingsJson(project.settings())
                .setCreatedAt(EventCodec.timestamp(project.createdAt()))
                .setUpdatedAt(EventCodec.timestamp(project.updatedAt()));
        if (project.path() != null) {
            state.setPath(project.path());
        }
        if (project.lastSyncedAt() != null) {
            state.setLastSyncedAt(EventCodec.timestamp(project.lastSyncedAt()));
        }
        return state.build();
    }

    /** The full state with the content as UTF-8 bytes when loaded; a tombstone carries none. */
    static File state(ProjectFile file) {
        File.Builder state = File.newBuilder()
                .setId(file.id().toString())
                .setProjectId(file.projectId().toString())
                .setPath(file.path())
                .setSize(file.size())
                .setVersion(file.version())
                .setCreatedAt(EventCodec.timestamp(file.createdAt()))
                .setUpdatedAt(EventCodec.timestamp(file.updatedAt()))
                .setDeleted(file.deleted());
        if (file.contentHash() != null) {
            state.setContentHash(file.contentHash());
        }
        if (file.content() != null && !file.deleted()) {
            state.setContent(ByteString.copyFrom(file.content(), StandardCharsets.UTF_8));
        }
        return state.build();
    }

    static EntityType entityType(EntityKind kind) {
        if (kind == null) {
            return EntityType.ENTITY_TYPE_UNSPECIFIED;
        }
        return switch (kind) {
            case PROJECT -> EntityType.ENTITY_TYPE_PROJECT;
            case FILE -> EntityType.ENTITY_TYPE_FILE;
        };
    }

    private static dev.orchestra.proto.events.v1.Origin origin(Origin origin) {
        return dev.orchestra.proto.events.v1.Origin.newBuilder().setDeviceId(origin.deviceId()).setMutationId(origin.mutationId())
                .build();
    }

    private ProjectEnvelope.Builder envelope(UUID userId) {
        return ProjectEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString());
    }
}
