package dev.orchestra.project.messaging;

import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Outcomes.awaitOutcome;
import static dev.orchestra.proto.events.v1.EntityType.ENTITY_TYPE_FILE;
import static dev.orchestra.proto.events.v1.EntityType.ENTITY_TYPE_PROJECT;
import static dev.orchestra.proto.events.v1.EntityType.ENTITY_TYPE_UNSPECIFIED;
import static dev.orchestra.proto.events.v1.Operation.OPERATION_CREATE;
import static dev.orchestra.proto.events.v1.Operation.OPERATION_DELETE;
import static dev.orchestra.proto.events.v1.Operation.OPERATION_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import dev.orchestra.project.support.Events;
import dev.orchestra.project.support.Outcomes;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.MutationRejected;
import dev.orchestra.proto.events.v1.MutationRejected.Reason;
import dev.orchestra.proto.events.v1.Operation;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sync.mutations.v1 MutationSubmitted, applied through the same service methods as REST: exactly
 * one outcome each on project.events.v1 — the entity event with its origin, MutationNoop, or
 * MutationRejected with the reason codes and fields of DESIGN.md section 4.
 */
@QuarkusTest
class MutationTest {

    @Inject
    AgroalDataSource dataSource;

    private TopicRecorder events;
    private User user;
    private String device;
    private long nextMutation;

    @BeforeEach
    void record() {
        events = TopicRecorder.of(Events.PROJECT_EVENTS);
        user = User.fresh();
        device = "device-" + UUID.randomUUID();
        nextMutation = 1;
    }

    @AfterEach
    void stop() {
        events.close();
    }

    /** Submits the device's next mutation and returns its outcome. */
    private ProjectEnvelope apply(EntityType entity, Operation op, Object entityId, Long baseVersion, String data) {
        long mutationId = nextMutation++;
        Events.submit(user.id(), device, mutationId, entity, op, entityId, baseVersion, data);
        return awaitOutcome(events, device, mutationId);
    }

    private MutationRejected rejected(EntityType entity, Operation op, Object entityId, Long baseVersion, String data, Reason reason) {
        ProjectEnvelope outcome = apply(entity, op, entityId, baseVersion, data);
        assertThat(outcome.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_REJECTED);
        MutationRejected rejection = outcome.getMutationRejected();
        assertThat(rejection.getReason()).isEqualTo(reason);
        assertThat(rejection.getEntity()).isEqualTo(entity);
        assertThat(rejection.getEntityId()).isEqualTo(String.valueOf(entityId));
        assertThat(rejection.getMessage()).isNotBlank();
        return rejection;
    }

    private static void nothingMore(MutationRejected rejection) {
        assertThat(rejection.hasCurrentVersion()).isFalse();
        assertThat(rejection.getCurrentCase()).isEqualTo(MutationRejected.CurrentCase.CURRENT_NOT_SET);
    }

    @Test
    void projectCreateUpdateAndDeleteAreAppliedWithTheirOrigin() {
        UUID id = UUID.randomUUID();
        ProjectEnvelope created = apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null,
                "{\"name\": \"Synced\", \"settings\": {\"a\": 1}}");
        assertThat(created.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_CREATED);
        assertThat(created.getUserId()).isEqualTo(user.id().toString());
        assertThat(created.getProjectCreated().getOrigin().getDeviceId()).isEqualTo(device);
        assertThat(created.getProjectCreated().getOrigin().getMutationId()).isEqualTo(1);
        assertThat(created.getProjectCreated().getProject().getName()).isEqualTo("Synced");
        assertThat(created.getProjectCreated().getProject().getVersion()).isEqualTo(1);
        assertThat(created.getProjectCreated().getProject().hasLastSyncedAt()).isTrue();
        getProject(user, id).statusCode(200).body("data.name", equalTo("Synced")).body("data.last_synced_at", notNullValue());

        ProjectEnvelope updated = apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"Renamed\", \"path\": \"/x\"}");
        assertThat(updated.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_UPDATED);
        assertThat(updated.getProjectUpdated().getOrigin().getMutationId()).isEqualTo(2);
        assertThat(updated.getProjectUpdated().getProject().getVersion()).isEqualTo(2);
        assertThat(updated.getProjectUpdated().getProject().getPath()).isEqualTo("/x");

        ProjectEnvelope deleted = apply(ENTITY_TYPE_PROJECT, OPERATION_DELETE, id, 2L, "");
        assertThat(deleted.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_DELETED);
        assertThat(deleted.getProjectDeleted().getOrigin().getMutationId()).isEqualTo(3);
        assertThat(deleted.getProjectDeleted().getProject().getDeleted()).isTrue();
        assertThat(deleted.getProjectDeleted().getProject().getVersion()).isEqualTo(3);
        getProject(user, id).statusCode(404);
    }

    @Test
    void fileCreateUpdateAndDeleteAreAppliedWithTheirOrigin() {
        UUID projectId = project(user, "sync files");
        UUID id = UUID.randomUUID();
        ProjectEnvelope created = apply(ENTITY_TYPE_FILE, OPERATION_CREATE, id, null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"src/lib.rs\", \"content\": \"pub fn a() {}\"}");
        assertThat(created.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.FILE_UPSERTED);
        assertThat(created.getFileUpserted().getOrigin().getDeviceId()).isEqualTo(device);
        assertThat(created.getFileUpserted().getFile().getContent().toString(StandardCharsets.UTF_8)).isEqualTo("pub fn a() {}");
        assertThat(created.getFileUpserted().getFile().getVersion()).isEqualTo(1);
        getFile(user, projectId, id).statusCode(200).body("data.content", equalTo("pub fn a() {}"));

        ProjectEnvelope updated = apply(ENTITY_TYPE_FILE, OPERATION_UPDATE, id, 1L, "{\"content\": \"pub fn b() {}\"}");
        assertThat(updated.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.FILE_UPSERTED);
        assertThat(updated.getFileUpserted().getFile().getVersion()).isEqualTo(2);
        assertThat(updated.getFileUpserted().getFile().getPath()).isEqualTo("src/lib.rs");
        assertThat(updated.getFileUpserted().getOrigin().getMutationId()).isEqualTo(2);

        ProjectEnvelope deleted = apply(ENTITY_TYPE_FILE, OPERATION_DELETE, id, 2L, null);
        assertThat(deleted.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.FILE_DELETED);
        assertThat(deleted.getFileDeleted().getFile().getDeleted()).isTrue();
        assertThat(deleted.getFileDeleted().getFile().getContent().isEmpty()).isTrue();
        assertThat(deleted.getFileDeleted().getOrigin().getMutationId()).isEqualTo(3);
        getFile(user, projectId, id).statusCode(404);
    }

    @Test
    void everyOutcomeHasItsCloudEventsTypeAndTheUsersKey() {
        UUID id = UUID.randomUUID();
        java.util.Map<Long, String> expected = java.util.Map.of(
                1L, "dev.orchestra.project.project_created.v1",
                2L, "dev.orchestra.project.mutation_noop.v1",
                3L, "dev.orchestra.project.mutation_rejected.v1",
                4L, "dev.orchestra.project.project_updated.v1",
                5L, "dev.orchestra.project.file_upserted.v1",
                6L, "dev.orchestra.project.file_deleted.v1",
                7L, "dev.orchestra.project.project_deleted.v1");
        UUID fileId = UUID.randomUUID();
        Events.submit(user.id(), device, 1, ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"typed\"}");
        Events.submit(user.id(), device, 2, ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"typed\"}");
        Events.submit(user.id(), device, 3, ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 9L, "{\"name\": \"x\"}");
        Events.submit(user.id(), device, 4, ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"retyped\"}");
        Events.submit(user.id(), device, 5, ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null,
                "{\"project_id\": \"" + id + "\", \"path\": \"t.txt\", \"content\": \"t\"}");
        Events.submit(user.id(), device, 6, ENTITY_TYPE_FILE, OPERATION_DELETE, fileId, 1L, null);
        Events.submit(user.id(), device, 7, ENTITY_TYPE_PROJECT, OPERATION_DELETE, id, 2L, null);
        for (long mutationId = 1; mutationId <= 7; mutationId++) {
            var outcome = events.awaitEvent(ProjectEnvelope.parser(), Outcomes.outcomeOf(device, mutationId));
            assertThat(outcome.ceType()).as("mutation %d", mutationId).isEqualTo(expected.get(mutationId));
            assertThat(outcome.key()).isEqualTo(user.id().toString());
            assertThat(outcome.headers()).containsEntry("ce_source", "project-service").containsEntry("ce_specversion", "1.0");
        }
        // In the order of the mutations (one user: one partition, one outbox order).
        assertThat(Outcomes.recordedFor(events, p -> Outcomes.origin(p.envelope()) != null
                && Outcomes.origin(p.envelope()).getDeviceId().equals(device)))
                .extracting(e -> Outcomes.origin(e).getMutationId()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aRepeatedIdenticalCreateOrAChangeOfNothingIsANoop() {
        UUID id = UUID.randomUUID();
        String data = "{\"name\": \"Twice\", \"settings\": {\"b\": [1, 2]}}";
        apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, data);
        ProjectEnvelope again = apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"settings\": {\"b\": [1, 2]}, \"name\": \" Twice \"}");
        assertThat(again.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        assertThat(again.getMutationNoop().getEntity()).isEqualTo(ENTITY_TYPE_PROJECT);
        assertThat(again.getMutationNoop().getEntityId()).isEqualTo(id.toString());
        assertThat(again.getMutationNoop().getOrigin().getMutationId()).isEqualTo(2);

        ProjectEnvelope nothing = apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"Twice\"}");
        assertThat(nothing.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);

        UUID fileId = UUID.randomUUID();
        String file = "{\"project_id\": \"" + id + "\", \"path\": \"a.txt\", \"content\": \"a\"}";
        apply(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, file);
        ProjectEnvelope fileAgain = apply(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, file);
        assertThat(fileAgain.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        assertThat(fileAgain.getMutationNoop().getEntity()).isEqualTo(ENTITY_TYPE_FILE);
        getProject(user, id).body("data.version", equalTo(1));
    }

    @Test
    void aCreateOfAnExistingIdWithOtherContentIsAConflictShowingTheUsersOwnState() {
        UUID id = UUID.randomUUID();
        apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"Original\"}");
        MutationRejected rejection = rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"Different\"}",
                Reason.REASON_CONFLICT);
        assertThat(rejection.getCurrentVersion()).isEqualTo(1);
        assertThat(rejection.getCurrentProject().getName()).isEqualTo("Original");

        UUID fileId = UUID.randomUUID();
        apply(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, "{\"project_id\": \"" + id + "\", \"path\": \"a\", \"content\": \"1\"}");
        MutationRejected file = rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null,
                "{\"project_id\": \"" + id + "\", \"path\": \"a\", \"content\": \"2\"}", Reason.REASON_CONFLICT);
        assertThat(file.getCurrentVersion()).isEqualTo(1);
        assertThat(file.getCurrentFile().getPath()).isEqualTo("a");
        // A rejection's file state is metadata: the content is fetched with batch-get.
        assertThat(file.getCurrentFile().getContent().isEmpty()).isTrue();
        assertThat(file.getCurrentFile().getSize()).isEqualTo(1);
    }

    @Test
    void aStaleBaseVersionIsRejectedWithTheCurrentVersionAndState() {
        UUID id = project(user, "v1");
        user.request().body(json("name", "v2")).put("/api/v1/projects/" + id).then().statusCode(200);
        MutationRejected update = rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"mine\"}",
                Reason.REASON_STALE_VERSION);
        assertThat(update.getCurrentVersion()).isEqualTo(2);
        assertThat(update.getCurrentProject().getName()).isEqualTo("v2");
        assertThat(update.getCurrentProject().getVersion()).isEqualTo(2);
        MutationRejected delete = rejected(ENTITY_TYPE_PROJECT, OPERATION_DELETE, id, 1L, null, Reason.REASON_STALE_VERSION);
        assertThat(delete.getCurrentVersion()).isEqualTo(2);
        getProject(user, id).statusCode(200).body("data.name", equalTo("v2"));

        UUID fileId = dev.orchestra.project.support.Api.file(user, id, "f.txt", "1");
        user.request().body(json("content", "2")).put("/api/v1/projects/" + id + "/files/" + fileId).then().statusCode(200);
        MutationRejected file = rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, fileId, 1L, "{\"content\": \"3\"}",
                Reason.REASON_STALE_VERSION);
        assertThat(file.getCurrentVersion()).isEqualTo(2);
        assertThat(file.getCurrentFile().getVersion()).isEqualTo(2);
    }

    @Test
    void someoneElsesOrAMissingEntityIsNotFoundWithNothingMore() {
        User other = User.fresh();
        UUID theirs = project(other, "Their secret");
        UUID theirFile = dev.orchestra.project.support.Api.file(other, theirs, "secret.txt", "secret");
        for (MutationRejected rejection : List.of(
                rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, theirs, 1L, "{\"name\": \"mine now\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_PROJECT, OPERATION_DELETE, theirs, 1L, null, Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, theirFile, 1L, "{\"content\": \"x\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_DELETE, theirFile, 1L, null, Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                        "{\"project_id\": \"" + theirs + "\", \"path\": \"in.txt\", \"content\": \"x\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, UUID.randomUUID(), 1L, "{\"name\": \"x\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_DELETE, UUID.randomUUID(), 1L, null, Reason.REASON_NOT_FOUND))) {
            nothingMore(rejection);
            assertThat(rejection.getDetailsMap()).isEmpty();
            assertThat(rejection.toString()).doesNotContain("secret").doesNotContain(other.id().toString());
        }
        getProject(other, theirs).statusCode(200).body("data.name", equalTo("Their secret")).body("data.version", equalTo(1));
        // Taking another user's id in a create is a conflict that shows nothing either.
        MutationRejected taken = rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, theirs, null, "{\"name\": \"x\"}",
                Reason.REASON_CONFLICT);
        nothingMore(taken);
        assertThat(taken.toString()).doesNotContain("secret");
        // The user's own deleted project: not found.
        UUID gone = project(user, "gone");
        user.request().delete("/api/v1/projects/" + gone).then().statusCode(204);
        nothingMore(rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, gone, 2L, "{\"name\": \"x\"}", Reason.REASON_NOT_FOUND));
    }

    @Test
    void invalidDataIsRejectedWithTheSameFieldMessagesAsRest() {
        UUID projectId = project(user, "valid");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"  \"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsEntry("name", "Name is required");
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"../up\", \"content\": \"x\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsEntry("path", "Must not contain . or .. segments");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": ",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsEntry("data", "Malformed JSON");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"a\\u0000b\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("name");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "[1]",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsEntry("body", "Must be a JSON object");
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null, "{\"path\": \"a\", \"content\": \"x\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsEntry("project_id", "Required");
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"big\", \"content\": \"" + "a".repeat(1024 * 1024 + 1) + "\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("content");
        MutationRejected noBase = rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, projectId, null, "{\"name\": \"x\"}",
                Reason.REASON_VALIDATION_FAILED);
        assertThat(noBase.getDetailsMap()).containsKey("base_version");
        // The user's own entity: its current state comes with the rejection.
        assertThat(noBase.getCurrentVersion()).isEqualTo(1);
        assertThat(noBase.getCurrentProject().getName()).isEqualTo("valid");
        assertThat(rejected(ENTITY_TYPE_UNSPECIFIED, OPERATION_CREATE, UUID.randomUUID(), null, "{}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("entity");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, "not-a-uuid", null, "{\"name\": \"x\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("entity_id");
        assertThat(rejected(ENTITY_TYPE_PROJECT, Operation.OPERATION_UNSPECIFIED, UUID.randomUUID(), null, "{\"name\": \"x\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("op");
        getProject(user, projectId).body("data.version", equalTo(1)).body("data.name", equalTo("valid"));
    }

    @Test
    void overThePlanLimitIsRejectedAsPlanLimit() {
        for (int i = 0; i < 5; i++) {
            project(user, "p" + i);
        }
        MutationRejected rejection = rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"sixth\"}",
                Reason.REASON_PLAN_LIMIT);
        assertThat(rejection.getDetailsMap()).containsEntry("limit", "5");
        nothingMore(rejection);
    }

    @Test
    void aTakenPathIsAConflict() {
        UUID projectId = project(user, "paths");
        dev.orchestra.project.support.Api.file(user, projectId, "taken.txt", "1");
        UUID other = dev.orchestra.project.support.Api.file(user, projectId, "other.txt", "2");
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"taken.txt\", \"content\": \"3\"}", Reason.REASON_CONFLICT));
        MutationRejected rename = rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, other, 1L, "{\"path\": \"taken.txt\"}",
                Reason.REASON_CONFLICT);
        assertThat(rename.getCurrentFile().getPath()).isEqualTo("other.txt");
        assertThat(rename.getCurrentVersion()).isEqualTo(1);
    }

    @Test
    void aRejectionDoesNotBlockTheNextMutationOfTheDevice() {
        UUID id = project(user, "v1");
        ProjectEnvelope refused = apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 7L, "{\"name\": \"stale\"}");
        assertThat(refused.getMutationRejected().getReason()).isEqualTo(Reason.REASON_STALE_VERSION);
        ProjectEnvelope applied = apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"fresh\"}");
        assertThat(applied.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_UPDATED);
        assertThat(applied.getProjectUpdated().getOrigin().getMutationId()).isEqualTo(2);
        getProject(user, id).body("data.name", equalTo("fresh")).body("data.version", equalTo(2));
    }

    @Test
    void aDuplicateDeliveryHasOneEffectAndOneOutcome() {
        UUID id = UUID.randomUUID();
        MutationEnvelope mutation = Events.mutation(user.id(), device, 1, ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null,
                "{\"name\": \"once\"}");
        Events.send(mutation);
        Events.send(mutation);
        Events.send(mutation);
        // A later mutation of the same user: once its outcome is here, every earlier one's is too.
        nextMutation = 2;
        apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"twice\"}");
        assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 1))).hasSize(1)
                .allMatch(ProjectEnvelope::hasProjectCreated);
        assertThat(Db.value(dataSource, "select count(*) from projects where owner_id = ?", user.id())).isEqualTo(1L);
        getProject(user, id).body("data.version", equalTo(2));
    }

    @Test
    void anInfrastructureFailureIsRetriedNeverRejectedOrDeadLettered() {
        UUID id = UUID.randomUUID();
        try (TopicRecorder deadLetters = TopicRecorder.of("test.sync.mutations.v1.project-service.dlq")) {
            MutationEnvelope mutation;
            try {
                // Every insert into projects fails as a serialization failure would (SQL state 40001),
                // counting its attempts in a sequence (sequences ignore rollbacks).
                Db.script(dataSource, "create sequence outage_hits; "
                        + "create function outage() returns trigger language plpgsql as $$ begin perform nextval('outage_hits'); "
                        + "raise exception 'injected outage' using errcode = '40001'; end $$; "
                        + "create trigger outage before insert on projects for each row execute function outage()");
                mutation = Events.submit(user.id(), device, 1, ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null,
                        "{\"name\": \"survives\"}");
                // Failed and retried, three times at least.
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) Db.value(dataSource,
                        "select last_value from outage_hits")).longValue() >= 3);
            } finally {
                Db.script(dataSource, "drop trigger if exists outage on projects; drop function if exists outage(); "
                        + "drop sequence if exists outage_hits");
            }
            ProjectEnvelope outcome = awaitOutcome(events, device, 1);
            assertThat(outcome.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_CREATED);
            nextMutation = 2;
            apply(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"after\"}");
            assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 1))).hasSize(1);
            assertThat(deadLetters.records()).noneMatch(r -> r.key() != null && r.key().equals(mutation.getUserId()));
        }
        getProject(user, id).statusCode(200).body("data.name", equalTo("after"));
    }
}
