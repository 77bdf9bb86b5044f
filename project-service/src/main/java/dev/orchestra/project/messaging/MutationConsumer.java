package dev.orchestra.project.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.json.JsonHygiene;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.service.AccountErasure;
import dev.orchestra.project.service.Body;
import dev.orchestra.project.service.Changed;
import dev.orchestra.project.service.Created;
import dev.orchestra.project.service.FileInput;
import dev.orchestra.project.service.FileService;
import dev.orchestra.project.service.Inputs;
import dev.orchestra.project.service.ProjectInput;
import dev.orchestra.project.service.ProjectService;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.MutationRejected.Reason;
import dev.orchestra.proto.events.v1.MutationSubmitted;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
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
 * <ul>
 *   <li>A refusal ({@link ApiException}) is an outcome, published in the transaction that also
 *       holds the inbox entry: it never blocks the mutations after it. Its {@code current} state is
 *       read under the entity's row lock (see the services' {@code lockedCurrent}).</li>
 *   <li>Any other failure goes back to platform's EventConsumer, which retries it for as long as it
 *       lasts when it is an infrastructure failure. When it is permanent (a bug, data the database
 *       refuses), EventConsumer rolls the transaction back and hands it to {@link #rejectFailed}
 *       instead of the dead-letter topic: a MutationRejected ({@code conflict} for a unique
 *       violation, else {@code validation_failed}, with a generic message) in a fresh transaction
 *       with the inbox entry — so the device gets its one outcome and the partition goes on.</li>
 *   <li>Only a record no outcome could be addressed to or consumed by sync-service — no origin
 *       device, an entity type it does not know, an entity id that is not a UUID — goes to the
 *       dead-letter topic.</li>
 * </ul>
 */
@ApplicationScoped
public class MutationConsumer {

    static final String FAILED_MESSAGE = "The mutation could not be applied";

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
    // Not ordered across records: the channel's throttled.ordered=key keeps each user's mutations in
    // order (they share a key) while different users' are applied in parallel.
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, MutationEnvelope.parser(), this::apply, this::rejectFailed);
    }

    void apply(MutationEnvelope envelope) {
        UUID userId = EventCodec.userId(envelope);
        if (!envelope.hasMutationSubmitted() || erasure.isErased(userId)) {
            return;
        }
        applyOnce(userId, Mutation.of(envelope.getMutationSubmitted()));
    }

    private void applyOnce(UUID userId, Mutation mutation) {
        try {
            Outcome outcome = mutation.entity == EntityKind.PROJECT ? applyToProject(userId, mutation) : applyToFile(userId, mutation);
            switch (outcome.kind) {
                case APPLIED -> {
                    // The service published the entity event with the origin.
                }
                case NOOP -> events.mutationNoop(userId, mutation.origin, mutation.entity, mutation.entityIdText);
                case CONFLICT -> events.mutationRejected(userId, mutation.origin, mutation.entity, mutation.entityIdText,
                        Reason.REASON_CONFLICT, "The id is taken by another entity of yours with other content", Map.of(),
                        outcome.current);
            }
        } catch (ApiException refusal) {
            if (erasure.isErased(userId)) {
                // Erased while this mutation was applied: dropped like every later event of the user.
                return;
            }
            Reason reason = reason(refusal);
            Object current = reason == Reason.REASON_NOT_FOUND ? null : lockedCurrent(userId, mutation.entity, mutation.entityId);
            events.mutationRejected(userId, mutation.origin, mutation.entity, mutation.entityIdText, reason, refusal.getMessage(),
                    details(refusal), current);
        }
    }

    /** The one outcome of a mutation whose application failed for good: a generic rejection, nothing of the failure. */
    private void rejectFailed(MutationEnvelope envelope, RuntimeException failure) {
        UUID userId = EventCodec.userId(envelope);
        if (!envelope.hasMutationSubmitted() || erasure.isErased(userId)) {
            return;
        }
        Reason reason = isUniqueViolation(failure) ? Reason.REASON_CONFLICT : Reason.REASON_VALIDATION_FAILED;
        Mutation mutation = Mutation.of(envelope.getMutationSubmitted());
        Map<String, String> details = reason == Reason.REASON_VALIDATION_FAILED ? Map.of("data", "Could not be applied") : Map.of();
        events.mutationRejected(userId, mutation.origin, mutation.entity, mutation.entityIdText, reason, FAILED_MESSAGE, details, null);
    }

    private Outcome applyToProject(UUID userId, Mutation mutation) {
        MutationSubmitted submitted = mutation.submitted;
        switch (submitted.getOp()) {
            case OPERATION_CREATE -> {
                Created<Project> created = projects.create(userId, mutation.entityId, data(submitted).map(ProjectInput::draft),
                        mutation.origin);
                return created.created() ? Outcome.APPLIED : created.identical() ? Outcome.NOOP : Outcome.conflict(created.value());
            }
            case OPERATION_UPDATE -> {
                Changed<Project> changed = projects.update(userId, mutation.entityId, data(submitted).map(ProjectInput::change), baseVersion(submitted),
                        mutation.origin);
                return changed.changed() ? Outcome.APPLIED : Outcome.NOOP;
            }
            case OPERATION_DELETE -> {
                projects.delete(userId, mutation.entityId, baseVersion(submitted), mutation.origin);
                return Outcome.APPLIED;
            }
            default -> {
                return refuse("op", "Must be create, update or delete");
            }
        }
    }

    private Outcome applyToFile(UUID userId, Mutation mutation) {
        MutationSubmitted submitted = mutation.submitted;
        switch (submitted.getOp()) {
            case OPERATION_CREATE -> {
                // The project is named inside the data: its JSON is parsed to find it, and the rest —
                // string hygiene, the fields' rules — is checked once the project is known to be the user's.
                String text = requiredText(submitted);
                JsonNode data = parse(text);
                Created<ProjectFile> created = files.create(userId, Inputs.requiredId(data, "project_id"), mutation.entityId,
                        () -> {
                            JsonHygiene.check(text);
                            return FileInput.fields(data);
                        }, mutation.origin);
                return created.created() ? Outcome.APPLIED : created.identical() ? Outcome.NOOP : Outcome.conflict(created.value());
            }
            case OPERATION_UPDATE -> {
                Changed<ProjectFile> changed = files.update(userId, null, mutation.entityId, data(submitted).map(FileInput::edit), baseVersion(submitted),
                        mutation.origin);
                return changed.changed() ? Outcome.APPLIED : Outcome.NOOP;
            }
            case OPERATION_DELETE -> {
                files.delete(userId, null, mutation.entityId, baseVersion(submitted), mutation.origin);
                return Outcome.APPLIED;
            }
            default -> {
                return refuse("op", "Must be create, update or delete");
            }
        }
    }

    /**
     * The device's data, checked like a REST body — string hygiene, then JSON — when the service
     * reads it: after it has found the entity to be the user's.
     */
    private Body<JsonNode> data(MutationSubmitted mutation) {
        return () -> {
            String text = requiredText(mutation);
            JsonHygiene.check(text);
            return parse(text);
        };
    }

    private static String requiredText(MutationSubmitted mutation) {
        String text = mutation.getDataJson();
        if (text.isBlank()) {
            throw ApiException.invalid("data", "Required");
        }
        return text;
    }

    /** With this service's ObjectMapper, as REST bodies are read (exact numbers, no trailing tokens). */
    private JsonNode parse(String text) {
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
        if (refusal.code() == ErrorCode.NOT_FOUND) {
            return details;
        }
        refusal.details().forEach((field, value) -> {
            if (!field.equals("reason") && !field.equals("current_version")) {
                details.put(field, String.valueOf(value));
            }
        });
        return details;
    }

    /** The entity's current state, read under its row lock, when it is the user's own and live (files without content); else null. */
    private Object lockedCurrent(UUID userId, EntityKind entity, UUID id) {
        return switch (entity) {
            case PROJECT -> projects.lockedCurrent(userId, id).orElse(null);
            case FILE -> files.lockedCurrent(userId, id).orElse(null);
        };
    }

    /**
     * A mutation as far as an outcome needs it: its origin, entity type and id. One without them
     * could not be answered, or sync-service could not consume the answer (it keys entities by
     * type and UUID): such a record can never succeed and goes to the dead-letter topic.
     */
    private record Mutation(MutationSubmitted submitted, Origin origin, EntityKind entity, UUID entityId, String entityIdText) {
        static Mutation of(MutationSubmitted mutation) {
            if (!mutation.hasOrigin() || mutation.getOrigin().getDeviceId().isBlank()) {
                throw new UnprocessableEventException("a mutation without an origin: no outcome could reach its device");
            }
            EntityKind entity = switch (mutation.getEntity()) {
                case ENTITY_TYPE_PROJECT -> EntityKind.PROJECT;
                case ENTITY_TYPE_FILE -> EntityKind.FILE;
                default -> throw new UnprocessableEventException("a mutation of no known entity type (" + mutation.getEntity()
                        + "): no outcome sync-service could consume");
            };
            UUID id = Ids.parseOrNull(mutation.getEntityId());
            if (id == null) {
                throw new UnprocessableEventException("a mutation whose entity_id is not a UUID: no outcome sync-service could consume");
            }
            return new Mutation(mutation, new Origin(mutation.getOrigin().getDeviceId(), mutation.getOrigin().getMutationId()),
                    entity, id, mutation.getEntityId());
        }
    }

    /**
     * A decodable mutation whose application failed with something other than a refusal. Thrown to
     * EventConsumer with the failure as its cause, so that EventConsumer's own classification of the
     * cause chain decides: retried when transient, handed back to {@link #consume} when permanent.
     */
    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
