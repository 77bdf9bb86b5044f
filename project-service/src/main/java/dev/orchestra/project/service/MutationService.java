package dev.orchestra.project.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.json.JsonHygiene;
import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.domain.SyncMutation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Applies a device's mutation through the same service methods as the REST API, decides its one
 * outcome, and publishes it (docs/architecture.md section 6): the entity event went out with the
 * write; a no-op or a refusal is published here, in the transaction that also holds the inbox entry,
 * so a refusal never blocks the mutations after it.
 */
@ApplicationScoped
public class MutationService {

    /** The message of a mutation whose application failed for good: nothing of the failure itself. */
    public static final String FAILED_MESSAGE = "The mutation could not be applied";

    private final ProjectService projects;
    private final FileService files;
    private final AccountErasure erasure;
    private final ProjectEvents events;
    private final ObjectMapper json;

    public MutationService(ProjectService projects, FileService files, AccountErasure erasure, ProjectEvents events,
                           ObjectMapper json) {
        this.projects = projects;
        this.files = files;
        this.erasure = erasure;
        this.events = events;
        this.json = json;
    }

    /** In the caller's transaction (the consumer's, with the inbox entry). */
    @Transactional(Transactional.TxType.MANDATORY)
    public MutationOutcome apply(UUID userId, SyncMutation mutation) {
        if (erasure.isErased(userId)) {
            return new MutationOutcome.Dropped();
        }
        MutationOutcome outcome;
        try {
            outcome = mutation.entity() == EntityKind.PROJECT ? applyToProject(userId, mutation) : applyToFile(userId, mutation);
        } catch (Refusal refusal) {
            if (erasure.isErased(userId)) {
                // Erased while this mutation was applied: dropped like every later event of the user.
                return new MutationOutcome.Dropped();
            }
            // The current state is read under the entity's row lock, so it is the state the refusal saw.
            Object current = refusal.kind() == Refusal.Kind.NOT_FOUND ? null : lockedCurrent(userId, mutation);
            outcome = new MutationOutcome.Rejected(refusal, current);
        }
        publish(userId, mutation, outcome);
        return outcome;
    }

    /**
     * The one outcome of a mutation whose application failed for good (platform's consumer rolled it
     * back): a conflict when the database refused a duplicate, else a generic validation failure.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public MutationOutcome failed(UUID userId, SyncMutation mutation, RuntimeException failure) {
        if (erasure.isErased(userId)) {
            return new MutationOutcome.Dropped();
        }
        MutationOutcome outcome = new MutationOutcome.Rejected(Refusal.applicationFailed(isUniqueViolation(failure), FAILED_MESSAGE),
                null);
        publish(userId, mutation, outcome);
        return outcome;
    }

    /**
     * The one place a mutation's own outcome event is published. Applied: the service already published
     * the entity event with the origin, in this transaction. Dropped: nothing answers an erased user.
     */
    private void publish(UUID userId, SyncMutation mutation, MutationOutcome outcome) {
        if (outcome instanceof MutationOutcome.Unchanged) {
            events.mutationNoop(userId, mutation);
        } else if (outcome instanceof MutationOutcome.Rejected rejected) {
            events.mutationRejected(userId, mutation, rejected.refusal(), rejected.current());
        }
    }

    private MutationOutcome applyToProject(UUID userId, SyncMutation mutation) {
        switch (mutation.operation()) {
            case CREATE -> {
                Created<Project> created = projects.create(userId, mutation.entityId(), data(mutation).map(ProjectInput::draft),
                        mutation.origin());
                return created(created);
            }
            case UPDATE -> {
                Changed<Project> changed = projects.update(userId, mutation.entityId(), data(mutation).map(ProjectInput::change),
                        baseVersion(mutation), mutation.origin());
                return changed.changed() ? new MutationOutcome.Applied() : new MutationOutcome.Unchanged();
            }
            case DELETE -> {
                projects.delete(userId, mutation.entityId(), baseVersion(mutation), mutation.origin());
                return new MutationOutcome.Applied();
            }
            default -> throw Refusal.invalid("op", "Must be create, update or delete");
        }
    }

    private MutationOutcome applyToFile(UUID userId, SyncMutation mutation) {
        switch (mutation.operation()) {
            case CREATE -> {
                // The project is named inside the data: its JSON is parsed to find it, and the rest —
                // string hygiene, the fields' rules — is checked once the project is known to be the user's.
                String text = requiredText(mutation);
                JsonNode data = parse(text);
                Created<ProjectFile> created = files.create(userId, Inputs.requiredId(data, "project_id"), mutation.entityId(),
                        () -> {
                            checkHygiene(text);
                            return FileInput.fields(data);
                        }, mutation.origin());
                return created(created);
            }
            case UPDATE -> {
                Changed<ProjectFile> changed = files.update(userId, null, mutation.entityId(), data(mutation).map(FileInput::edit),
                        baseVersion(mutation), mutation.origin());
                return changed.changed() ? new MutationOutcome.Applied() : new MutationOutcome.Unchanged();
            }
            case DELETE -> {
                files.delete(userId, null, mutation.entityId(), baseVersion(mutation), mutation.origin());
                return new MutationOutcome.Applied();
            }
            default -> throw Refusal.invalid("op", "Must be create, update or delete");
        }
    }

    /** A create: written, the same as what is there (no-op), or the id held by the user's own entity with other content. */
    private static MutationOutcome created(Created<?> created) {
        if (created.created()) {
            return new MutationOutcome.Applied();
        }
        return created.identical() ? new MutationOutcome.Unchanged()
                : new MutationOutcome.Rejected(Refusal.idTakenByOwn(), created.value());
    }

    /**
     * The device's data, checked like a REST body — string hygiene, then JSON — when the service
     * reads it: after it has found the entity to be the user's.
     */
    private Body<JsonNode> data(SyncMutation mutation) {
        return () -> {
            String text = requiredText(mutation);
            checkHygiene(text);
            return parse(text);
        };
    }

    private static String requiredText(SyncMutation mutation) {
        String text = mutation.data();
        if (text == null || text.isBlank()) {
            throw Refusal.invalid("data", "Required");
        }
        return text;
    }

    private static void checkHygiene(String text) {
        try {
            JsonHygiene.check(text);
        } catch (Refusal refusal) {
            throw refusal;
        } catch (ApiException platformRefusal) {
            throw Refusal.invalid(platformRefusal);
        }
    }

    /** With this service's ObjectMapper, as REST bodies are read (exact numbers, no trailing tokens). */
    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw Refusal.invalid("data", "Malformed JSON");
        }
    }

    /** Updates and deletes from sync are always conditional: the version the device based them on. */
    private static Long baseVersion(SyncMutation mutation) {
        if (mutation.baseVersion() == null) {
            throw Refusal.invalid("base_version", "Required for update and delete");
        }
        if (mutation.baseVersion() < 1) {
            throw Refusal.invalid("base_version", "Must be a positive whole number");
        }
        return mutation.baseVersion();
    }

    /** The entity's current state, under its row lock, when it is the user's own and live (files without content); else null. */
    private Object lockedCurrent(UUID userId, SyncMutation mutation) {
        return switch (mutation.entity()) {
            case PROJECT -> projects.lockedCurrent(userId, mutation.entityId()).orElse(null);
            case FILE -> files.lockedCurrent(userId, mutation.entityId()).orElse(null);
        };
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
