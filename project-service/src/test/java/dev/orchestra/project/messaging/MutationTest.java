package dev.orchestra.project.messaging;

import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.listFiles;
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
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sync.mutations.v1 MutationSubmitted, applied through the same service methods as REST: exactly
 * one outcome each on project.events.v1 — the entity event with its origin, MutationNoop, or
 * MutationRejected with the reason codes and fields of docs/architecture.md section 4.
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
    void theDesktopPathRulesAndCollisionsApplyToMutationsAsToRest() {
        UUID projectId = project(user, "desktop paths");
        dev.orchestra.project.support.Api.file(user, projectId, "Notes.md", "1");
        dev.orchestra.project.support.Api.file(user, projectId, "lib", "a file named lib");
        for (String path : List.of("C:/x.bat", "CON", "docs/aux.txt", "a\u200bb", "trailing. ", "what?.txt")) {
            assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                    "{\"project_id\": \"" + projectId + "\", \"path\": \"" + path + "\", \"content\": \"x\"}",
                    Reason.REASON_VALIDATION_FAILED).getDetailsMap()).as(path).containsKey("path");
        }
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"NOTES.MD\", \"content\": \"x\"}", Reason.REASON_CONFLICT));
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                "{\"project_id\": \"" + projectId + "\", \"path\": \"lib/inside.txt\", \"content\": \"x\"}", Reason.REASON_CONFLICT));
        listFiles(user, projectId, "").body("data.size()", equalTo(2));
        // A rename through sync follows the same rules as one over REST.
        UUID loose = dev.orchestra.project.support.Api.file(user, projectId, "loose.txt", "l");
        MutationRejected rename = rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, loose, 1L, "{\"path\": \"notes.MD\"}", Reason.REASON_CONFLICT);
        assertThat(rename.getCurrentFile().getPath()).isEqualTo("loose.txt");
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, loose, 1L, "{\"path\": \"nul.txt\"}", Reason.REASON_VALIDATION_FAILED)
                .getDetailsMap()).containsKey("path");
        rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, loose, 1L, "{\"path\": \"lib/loose.txt\"}", Reason.REASON_CONFLICT);
        getFile(user, projectId, loose).body("data.path", equalTo("loose.txt")).body("data.version", equalTo(1));
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

    /** Seeds live files straight into the table (the limit is what is tested, not how they were made). */
    private void seedFiles(UUID projectId, int count) {
        Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, updated_at) "
                + "select gen_random_uuid(), ?, 'seeded/' || gen_random_uuid(), 'x', 1, 'h', 1, now(), now() "
                + "from generate_series(1, ?) n", projectId, count);
    }

    private String fileData(Object projectId, String path, String content) {
        return "{\"project_id\": \"" + projectId + "\", \"path\": \"" + path + "\", \"content\": \"" + content + "\"}";
    }

    @Test
    void mutationsSyncCouldNotConsumeAnOutcomeOfGoToTheDeadLetterTopic() throws Exception {
        try (TopicRecorder deadLetters = TopicRecorder.of("test.sync.mutations.v1.project-service.dlq")) {
            Events.submit(user.id(), device, 1, ENTITY_TYPE_UNSPECIFIED, OPERATION_CREATE, UUID.randomUUID(), null, "{}");
            Events.submit(user.id(), device, 2, ENTITY_TYPE_PROJECT, OPERATION_CREATE, "not-a-uuid", null, "{\"name\": \"x\"}");
            // The partition goes on: the next mutation of the device is applied.
            nextMutation = 3;
            ProjectEnvelope next = apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"after\"}");
            assertThat(next.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.PROJECT_CREATED);
            // No outcome at all for the two (a MutationRejected with no entity type or a non-UUID id is
            // one sync-service could not consume): both are in the dead-letter topic.
            assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 1))).isEmpty();
            assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 2))).isEmpty();
            List<Long> deadLettered = deadLetters.await(r -> user.id().toString().equals(r.key()), 2, Duration.ofSeconds(30)).stream()
                    .map(r -> {
                        try {
                            return MutationEnvelope.parseFrom(r.value()).getMutationSubmitted().getOrigin().getMutationId();
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertThat(deadLettered).containsExactly(1L, 2L);
        }
    }

    @Test
    void theFilesOfADeletedProjectAreTombstonesWhoseIdsStayTaken() {
        UUID doomed = project(user, "doomed");
        UUID fileId = UUID.randomUUID();
        apply(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, fileData(doomed, "kept.txt", "content"));
        apply(ENTITY_TYPE_PROJECT, OPERATION_DELETE, doomed, 1L, null);
        // Sync-service holds the file as a tombstone of version 1: a create of its id would be older
        // than it and dropped there. Here it is refused, so the device learns it.
        UUID elsewhere = project(user, "elsewhere");
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, fileData(elsewhere, "kept.txt", "content"),
                Reason.REASON_CONFLICT));
        assertThat(Db.value(dataSource, "select deleted from files where id = ?", fileId)).isEqualTo(true);
        assertThat(Db.value(dataSource, "select version from files where id = ?", fileId)).isEqualTo(1L);
    }

    @Test
    void aProjectAndAFileNeverShareAnIdEitherWayRound() {
        UUID projectId = project(user, "ids");
        UUID fileId = dev.orchestra.project.support.Api.file(user, projectId, "a.txt", "a");
        // A project with the id of a file (the user's own), a file with the id of a project: conflict, nothing more.
        nothingMore(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, fileId, null, "{\"name\": \"clash\"}", Reason.REASON_CONFLICT));
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, projectId, null, fileData(projectId, "b.txt", "b"),
                Reason.REASON_CONFLICT));
        // Someone else's ids too.
        User other = User.fresh();
        UUID theirProject = project(other, "theirs");
        UUID theirFile = dev.orchestra.project.support.Api.file(other, theirProject, "t.txt", "t");
        nothingMore(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, theirFile, null, "{\"name\": \"clash\"}", Reason.REASON_CONFLICT));
        nothingMore(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, theirProject, null, fileData(projectId, "c.txt", "c"),
                Reason.REASON_CONFLICT));
        assertThat(Db.value(dataSource, "select count(*) from projects where id in (?, ?)", fileId, theirFile)).isEqualTo(0L);
        assertThat(Db.value(dataSource, "select count(*) from files where id in (?, ?)", projectId, theirProject)).isEqualTo(0L);
    }

    @Test
    void aRepeatedCreateRejectionCarriesTheStateReadUnderTheEntitysLock() throws Exception {
        UUID id = UUID.randomUUID();
        apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"Original\"}");
        try (Connection writer = Db.transaction()) {
            // A write of the project that has not committed yet (its event would come with its commit).
            Db.execute(writer, "update projects set name = 'Meanwhile', version = 2 where id = ?", id);
            Events.submit(user.id(), device, 2, ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"Different\"}");
            // The create waits for the project's row instead of answering with the state before it.
            await().atMost(Duration.ofSeconds(20)).until(() -> Db.someoneWaitsForALock(dataSource));
            writer.commit();
        }
        MutationRejected rejection = awaitOutcome(events, device, 2).getMutationRejected();
        assertThat(rejection.getReason()).isEqualTo(Reason.REASON_CONFLICT);
        assertThat(rejection.getCurrentVersion()).isEqualTo(2);
        assertThat(rejection.getCurrentProject().getName()).isEqualTo("Meanwhile");

        UUID fileId = UUID.randomUUID();
        nextMutation = 3;
        apply(ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, fileData(id, "a.txt", "1"));
        try (Connection writer = Db.transaction()) {
            Db.execute(writer, "update files set path = 'moved.txt', version = 2 where id = ?", fileId);
            Events.submit(user.id(), device, 4, ENTITY_TYPE_FILE, OPERATION_CREATE, fileId, null, fileData(id, "a.txt", "2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Db.someoneWaitsForALock(dataSource));
            writer.commit();
        }
        MutationRejected file = awaitOutcome(events, device, 4).getMutationRejected();
        assertThat(file.getReason()).isEqualTo(Reason.REASON_CONFLICT);
        assertThat(file.getCurrentVersion()).isEqualTo(2);
        assertThat(file.getCurrentFile().getPath()).isEqualTo("moved.txt");
    }

    @Test
    void aValidationRejectionCarriesTheStateReadUnderTheEntitysLock() throws Exception {
        UUID id = project(user, "Original");
        try (Connection writer = Db.transaction()) {
            Db.execute(writer, "update projects set name = 'Meanwhile', version = 2 where id = ?", id);
            Events.submit(user.id(), device, 1, ENTITY_TYPE_PROJECT, OPERATION_UPDATE, id, 1L, "{\"name\": \"\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> Db.someoneWaitsForALock(dataSource));
            writer.commit();
        }
        MutationRejected rejection = awaitOutcome(events, device, 1).getMutationRejected();
        assertThat(rejection.getReason()).isEqualTo(Reason.REASON_VALIDATION_FAILED);
        assertThat(rejection.getDetailsMap()).containsEntry("name", "Name is required");
        assertThat(rejection.getCurrentVersion()).isEqualTo(2);
        assertThat(rejection.getCurrentProject().getName()).isEqualTo("Meanwhile");

        UUID fileId = dev.orchestra.project.support.Api.file(user, id, "f.txt", "1");
        try (Connection writer = Db.transaction()) {
            Db.execute(writer, "update files set path = 'moved.txt', version = 2 where id = ?", fileId);
            Events.submit(user.id(), device, 2, ENTITY_TYPE_FILE, OPERATION_UPDATE, fileId, 1L, "{\"content\": 5}");
            await().atMost(Duration.ofSeconds(20)).until(() -> Db.someoneWaitsForALock(dataSource));
            writer.commit();
        }
        MutationRejected file = awaitOutcome(events, device, 2).getMutationRejected();
        assertThat(file.getReason()).isEqualTo(Reason.REASON_VALIDATION_FAILED);
        assertThat(file.getCurrentVersion()).isEqualTo(2);
        assertThat(file.getCurrentFile().getPath()).isEqualTo("moved.txt");
    }

    @Test
    void aPermanentFailureIsRejectedInsteadOfDeadLetteredAndTheDeviceGoesOn() {
        UUID projectId = project(user, "poisoned");
        UUID poisoned = UUID.randomUUID();
        UUID renamed = dev.orchestra.project.support.Api.file(user, projectId, "plain.txt", "p");
        // Paths of a prefix of this test's own: at most one live file of a project may have one.
        String prefix = "clash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        dev.orchestra.project.support.Api.file(user, projectId, prefix + "1", "c");
        try (TopicRecorder deadLetters = TopicRecorder.of("test.sync.mutations.v1.project-service.dlq")) {
            ProjectEnvelope refused;
            ProjectEnvelope clashed;
            try {
                // Data the database refuses for good (a check violation, SQL state 23514: no retry helps),
                // and a unique index the service does not know of (23505 on an update).
                Db.script(dataSource, "alter table files add constraint poison check (path <> 'poison.txt'); "
                        + "create unique index clash on files (project_id) where path like '" + prefix + "%' and not deleted");
                refused = apply(ENTITY_TYPE_FILE, OPERATION_CREATE, poisoned, null, fileData(projectId, "poison.txt", "x"));
                clashed = apply(ENTITY_TYPE_FILE, OPERATION_UPDATE, renamed, 1L, "{\"path\": \"" + prefix + "2\"}");
            } finally {
                Db.script(dataSource, "alter table files drop constraint if exists poison; drop index if exists clash");
            }
            assertThat(refused.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_REJECTED);
            MutationRejected rejection = refused.getMutationRejected();
            assertThat(rejection.getReason()).isEqualTo(Reason.REASON_VALIDATION_FAILED);
            assertThat(rejection.getEntity()).isEqualTo(ENTITY_TYPE_FILE);
            assertThat(rejection.getEntityId()).isEqualTo(poisoned.toString());
            assertThat(rejection.getMessage()).isEqualTo("The mutation could not be applied");
            assertThat(rejection.toString()).doesNotContain("poison").doesNotContain("23514");
            nothingMore(rejection);
            assertThat(clashed.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_REJECTED);
            assertThat(clashed.getMutationRejected().getReason()).isEqualTo(Reason.REASON_CONFLICT);
            // Nothing of the failed writes stayed, and the device's next mutation is applied.
            assertThat(Db.value(dataSource, "select count(*) from files where id = ?", poisoned)).isEqualTo(0L);
            getFile(user, projectId, renamed).statusCode(200).body("data.path", equalTo("plain.txt")).body("data.version", equalTo(1));
            ProjectEnvelope next = apply(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null, fileData(projectId, "fine.txt", "x"));
            assertThat(next.getKindCase()).isEqualTo(ProjectEnvelope.KindCase.FILE_UPSERTED);
            assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 1))).hasSize(1);
            assertThat(Outcomes.recordedFor(events, Outcomes.outcomeOf(device, 2))).hasSize(1);
            assertThat(deadLetters.records()).noneMatch(r -> user.id().toString().equals(r.key()));
        }
    }

    @Test
    void aUniqueViolationOfAFileInsertIsAPathConflict() {
        UUID projectId = project(user, "unique");
        String prefix = "clash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        dev.orchestra.project.support.Api.file(user, projectId, prefix + "1", "c");
        try {
            Db.script(dataSource, "create unique index clash on files (project_id) where path like '" + prefix + "%' and not deleted");
            MutationRejected rejection = rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                    fileData(projectId, prefix + "2", "c"), Reason.REASON_CONFLICT);
            assertThat(rejection.getDetailsMap()).containsKey("path");
        } finally {
            Db.script(dataSource, "drop index if exists clash");
        }
    }

    @Test
    void settingsNumbersAreExactSoAnIdenticalRepeatedCreateIsANoop() {
        UUID id = UUID.randomUUID();
        String data = "{\"name\": \"Exact\", \"settings\": {\"n\": 0.10000000000000000001, \"e\": 1e2, "
                + "\"big\": 123456789012345678901234567890, \"d\": [1.50, -0.0000000000000000000001]}}";
        assertThat(apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, data).getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.PROJECT_CREATED);
        assertThat(Db.value(dataSource, "select settings->>'n' from projects where id = ?", id)).isEqualTo("0.10000000000000000001");
        assertThat(Db.value(dataSource, "select settings->>'e' from projects where id = ?", id)).isEqualTo("100");
        assertThat(Db.value(dataSource, "select settings->>'big' from projects where id = ?", id))
                .isEqualTo("123456789012345678901234567890");
        assertThat(Db.value(dataSource, "select settings->'d'->>1 from projects where id = ?", id))
                .isEqualTo("-0.0000000000000000000001");
        // The same create again, even in another notation: nothing to change.
        assertThat(apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, data).getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        assertThat(apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"Exact\", \"settings\": {\"e\": 100, "
                + "\"n\": 1.0000000000000000001e-1, \"big\": 1.2345678901234567890123456789e29, \"d\": [1.5, -1e-22]}}").getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        // Only a different value is a conflict.
        rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, data.replace("0.10000000000000000001", "0.1"), Reason.REASON_CONFLICT);
        // A number outside platform's rule is refused, like in REST, naming the number.
        for (String number : List.of("1e400", "1e-5000", "1e200000", "1" + "0".repeat(101) + ".5")) {
            assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null,
                    "{\"name\": \"Huge\", \"settings\": {\"n\": " + number + "}}", Reason.REASON_VALIDATION_FAILED).getDetailsMap())
                    .containsKey("settings.n");
        }
        // Duplicate keys are refused rather than guessed at.
        rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"A\", \"name\": \"B\"}",
                Reason.REASON_VALIDATION_FAILED);
        getProject(user, id).body("data.version", equalTo(1));
    }

    @Test
    void badDataOnSomeoneElsesEntityIsNotFoundWithNothingMore() {
        User other = User.fresh();
        UUID theirs = project(other, "Their secret");
        UUID theirFile = dev.orchestra.project.support.Api.file(other, theirs, "secret.txt", "secret");
        for (MutationRejected rejection : List.of(
                rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, theirs, 1L, "{\"name\": \"\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, theirs, 1L, "{\"name\": \"a\\ud800\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, theirs, 1L, "{\"name\": ", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, theirFile, 1L, "{\"content\": 5}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, theirFile, 1L, "{\"path\": \"../up\"}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                        "{\"project_id\": \"" + theirs + "\", \"path\": \"../in\", \"content\": 5}", Reason.REASON_NOT_FOUND),
                rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                        "{\"project_id\": \"" + theirs + "\", \"path\": \"a\", \"content\": \"\\udc00\"}", Reason.REASON_NOT_FOUND))) {
            nothingMore(rejection);
            assertThat(rejection.getDetailsMap()).isEmpty();
        }
        // A create of someone else's id with bad data: the id is taken, nothing more (not the data's errors).
        MutationRejected taken = rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, theirs, null, "{\"name\": \"\"}", Reason.REASON_CONFLICT);
        nothingMore(taken);
        assertThat(taken.getDetailsMap()).doesNotContainKey("name");
        getProject(other, theirs).statusCode(200).body("data.version", equalTo(1));
    }

    @Test
    void fileMutationsPlanLimitStaleDeleteAndNoop() {
        UUID projectId = project(user, "full");
        seedFiles(projectId, 499);
        UUID last = UUID.randomUUID();
        apply(ENTITY_TYPE_FILE, OPERATION_CREATE, last, null, fileData(projectId, "the-500th.txt", "x"));
        MutationRejected limit = rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                fileData(projectId, "the-501st.txt", "x"), Reason.REASON_PLAN_LIMIT);
        assertThat(limit.getDetailsMap()).containsEntry("limit", "500");
        nothingMore(limit);
        // At the limit, the repeated create of an existing id is still a noop, not a plan_limit.
        assertThat(apply(ENTITY_TYPE_FILE, OPERATION_CREATE, last, null, fileData(projectId, "the-500th.txt", "x")).getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        // An update that changes nothing: a noop, no version.
        assertThat(apply(ENTITY_TYPE_FILE, OPERATION_UPDATE, last, 1L, "{\"content\": \"x\", \"path\": \"the-500th.txt\"}")
                .getKindCase()).isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        // A delete based on an older version: stale, with the current state.
        apply(ENTITY_TYPE_FILE, OPERATION_UPDATE, last, 1L, "{\"content\": \"y\"}");
        MutationRejected stale = rejected(ENTITY_TYPE_FILE, OPERATION_DELETE, last, 1L, null, Reason.REASON_STALE_VERSION);
        assertThat(stale.getCurrentVersion()).isEqualTo(2);
        assertThat(stale.getCurrentFile().getVersion()).isEqualTo(2);
        getFile(user, projectId, last).statusCode(200).body("data.content", equalTo("y"));
    }

    @Test
    void aRepeatedProjectCreateAtThePlanLimitIsANoop() {
        UUID id = UUID.randomUUID();
        apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"fifth\"}");
        for (int i = 0; i < 4; i++) {
            project(user, "p" + i);
        }
        assertThat(apply(ENTITY_TYPE_PROJECT, OPERATION_CREATE, id, null, "{\"name\": \"fifth\"}").getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.MUTATION_NOOP);
        rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"sixth\"}", Reason.REASON_PLAN_LIMIT);
    }

    @Test
    void unpairedSurrogatesInDataAreValidationFailures() {
        UUID projectId = project(user, "surrogates");
        UUID fileId = dev.orchestra.project.support.Api.file(user, projectId, "s.txt", "s");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"a\\ud800b\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("name");
        assertThat(rejected(ENTITY_TYPE_PROJECT, OPERATION_UPDATE, projectId, 1L, "{\"settings\": {\"k\\udfff\": 1}}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).isNotEmpty();
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_CREATE, UUID.randomUUID(), null,
                fileData(projectId, "t.txt", "x\\udc00"), Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("content");
        assertThat(rejected(ENTITY_TYPE_FILE, OPERATION_UPDATE, fileId, 1L, "{\"path\": \"\\ud83d.txt\"}",
                Reason.REASON_VALIDATION_FAILED).getDetailsMap()).containsKey("path");
        // A surrogate pair is a character like any other.
        assertThat(apply(ENTITY_TYPE_FILE, OPERATION_UPDATE, fileId, 1L, "{\"path\": \"\\ud83d\\ude00.txt\"}").getKindCase())
                .isEqualTo(ProjectEnvelope.KindCase.FILE_UPSERTED);
        getProject(user, projectId).body("data.version", equalTo(1));
    }
}
