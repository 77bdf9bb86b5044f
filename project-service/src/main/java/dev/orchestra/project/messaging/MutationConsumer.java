package dev.orchestra.project.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.json.StringHygiene;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.service.AccountErasure;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.FileService;
import dev.orchestra.project.service.Inputs;
import dev.orchestra.project.service.ProjectService;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.MutationRejected.Reason;
import dev.orchestra.proto.events.v1.MutationSubmitted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code sync.mutations.v1}: each MutationSubmitted is applied through the same service methods as
 * the REST API and gets exactly one outcome on {@code project.events.v1} (DESIGN.md sections 4, 6):
 * the entity event with its origin (published by the service), MutationNoop, or MutationRejected.
 *
 * <p>A refusal ({@link ApiException}) is an outcome, published in the transaction that also holds
 * the inbox entry: it never blocks the mutations after it. Anything else (the database down) is
 * thrown back to platform's EventConsumer, which retries it: never rejected or dead-lettered. Only
 * a record no outcome can be addressed to (no origin) goes to the dead-letter topic.
 */
@ApplicationScoped
public class MutationConsumer {

    private final EventConsumer consumer;
    private final ProjectService projects;
    private final FileService files;
    private final AccountErasure erasure;
    private final ProjectEvents events;
    private final ObjectMapper json;

    public MutationConsumer(EventConsumer consumer, ProjectService projects, FileService files, AccountErasure erasure,
                            ProjectEvents events, ObjectMapper json) {
        this.consumer = consumer;
        this.projects = projects;
        this.files = files;
        this.erasure = erasure;
        this.events = events;
        this.json = json;
    }

    @Incoming("mutations")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, MutationEnvelope.parser(), this::apply);
    }

    void apply(MutationEnvelope envelope) {
        UUID userId = EventCodec.userId(envelope);
        if (!envelope.hasMutationSubmitted() || erasure.isErased(userId)) {
            return;
        }
        MutationSubmitted mutation = envelope.getMutationSubmitted();
        if (!mutation.hasOrigin() || mutation.getOrigin().getDeviceId().isBlank()) {
            throw new UnprocessableEventException("a mutation without an origin: no outcome could reach its device");
        }
        Origin origin = new Origin(mutation.getOrigin().getDeviceId(), mutation.getOrigin().getMutationId());
        EntityKind entity = switch (mutation.getEntity()) {
            case ENTITY_TYPE_PROJECT -> EntityKind.PROJECT;
            case ENTITY_TYPE_FILE -> EntityKind.FILE;
            default -> null;
        };
        String entityId = mutation.getEntityId();
        UUID id = Ids.parseOrNull(entityId);
        try {
            Outcome outcome = entity == null ? refuse("entity", "Must be project or file")
                    : id == null ? refuse("entity_id", "Must be a UUID")
                    : entity == EntityKind.PROJECT ? applyToProject(userId, id, mutation, origin)
                    : applyToFile(userId, id, mutation, origin);
            switch (outcome.kind) {
                case APPLIED -> {
                    // The service published the entity event with the origin.
                }
                case NOOP -> events.mutationNoop(userId, origin, entity, entityId);
                case CONFLICT -> events.mutationRejected(userId, origin, entity, entityId, Reason.REASON_CONFLICT,
                        "The id is taken by another entity of yours with other content", Map.of(), outcome.current);
            }
        } catch (ApiException refusal) {
            if (erasure.isErased(userId)) {
                // Erased while this mutation was applied: dropped like every later event of the user.
                return;
            }
            Reason reason = reason(refusal);
            Object current = reason == Reason.REASON_NOT_FOUND || entity == null || id == null ? null : current(userId, entity, id);
            events.mutationRejected(userId, origin, entity, entityId, reason, refusal.getMessage(), details(refusal), current);
        }
    }

    private Outcome applyToProject(UUID userId, UUID id, MutationSubmitted mutation, Origin origin) {
        switch (mutation.getOp()) {
            case OPERATION_CREATE -> {
                Created<Project> created = projects.create(userId, id, data(mutation), origin);
                return created.created() ? Outcome.APPLIED : created.identical() ? Outcome.NOOP : Outcome.conflict(created.value());
            }
            case OPERATION_UPDATE -> {
                Changed<Project> changed = projects.update(userId, id, data(mutation), baseVersion(mutation), origin);
                return changed.changed() ? Outcome.APPLIED : Outcome.NOOP;
            }
            case OPERATION_DELETE -> {
                projects.delete(userId, id, baseVersion(mutation), origin);
                return Outcome.APPLIED;
            }
            default -> {
                return refuse("op", "Must be create, update or delete");
            }
        }
    }

    private Outcome applyToFile(UUID userId, UUID id, MutationSubmitted mutation, Origin origin) {
        switch (mutation.getOp()) {
            case OPERATION_CREATE -> {
                JsonNode data = data(mutation);
                Created<ProjectFile> created = files.create(userId, Inputs.requiredId(data, "project_id"), id, data, origin);
                return created.created() ? Outcome.APPLIED : created.identical() ? Outcome.NOOP : Outcome.conflict(created.value());
            }
            case OPERATION_UPDATE -> {
                Changed<ProjectFile> changed = files.update(userId, null, id, data(mutation), baseVersion(mutation), origin);
                return changed.changed() ? Outcome.APPLIED : Outcome.NOOP;
            }
            case OPERATION_DELETE -> {
                files.delete(userId, null, id, baseVersion(mutation), origin);
                return Outcome.APPLIED;
            }
            default -> {
                return refuse("op", "Must be create, update or delete");
            }
        }
    }

    /** The device's data, checked like a REST body: string hygiene, then JSON. */
    private JsonNode data(MutationSubmitted mutation) {
        String text = mutation.getDataJson();
        if (text.isBlank()) {
            throw ApiException.invalid("data", "Required");
        }
        StringHygiene.check(text);
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("data", "Malformed JSON");
        }
    }

    /** Updates and deletes from sync are always conditional: the version the device based them on. */
    private static Long baseVersion(MutationSubmitted mutation) {
        if (!mutation.hasBaseVersion()) {
            throw ApiException.invalid("base_version", "Required for update and delete");
        }
        if (mutation.getBaseVersion() < 1) {
            throw ApiException.invalid("base_version", "Must be a positive whole number");
        }
        return mutation.getBaseVersion();
    }

    private static Outcome refuse(String field, String message) {
        throw ApiException.invalid(field, message);
    }

    /** The reason codes of DESIGN.md section 4 for the service's refusals. */
    static Reason reason(ApiException refusal) {
        return switch (refusal.code()) {
            case NOT_FOUND -> Reason.REASON_NOT_FOUND;
            case CONFLICT -> refusal.details().containsKey("current_version") ? Reason.REASON_STALE_VERSION : Reason.REASON_CONFLICT;
            case FORBIDDEN -> "plan_limit".equals(refusal.details().get("reason")) ? Reason.REASON_PLAN_LIMIT : Reason.REASON_NOT_FOUND;
            default -> Reason.REASON_VALIDATION_FAILED;
        };
    }

    /** Field → message (and the limit of a plan_limit); nothing at all for not_found. */
    static Map<String, String> details(ApiException refusal) {
        Map<String, String> details = new LinkedHashMap<>();
        if (refusal.code() == dev.orchestra.platform.error.ErrorCode.NOT_FOUND) {
            return details;
        }
        refusal.details().forEach((field, value) -> {
            if (!field.equals("reason") && !field.equals("current_version")) {
                details.put(field, String.valueOf(value));
            }
        });
        return details;
    }

    /** The entity's current state when it is the user's own and live (files without content); else null. */
    private Object current(UUID userId, EntityKind entity, UUID id) {
        return switch (entity) {
            case PROJECT -> projects.current(userId, id).orElse(null);
            case FILE -> files.current(userId, id).orElse(null);
        };
    }

    private record Outcome(Kind kind, Object current) {
        enum Kind { APPLIED, NOOP, CONFLICT }

        static final Outcome APPLIED = new Outcome(Kind.APPLIED, null);
        static final Outcome NOOP = new Outcome(Kind.NOOP, null);

        static Outcome conflict(Object current) {
            return new Outcome(Kind.CONFLICT, current);
        }
    }
}
