package dev.orchestra.project.messaging;

import static dev.orchestra.project.support.Api.createProject;
import static dev.orchestra.project.support.Api.deleteFile;
import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Api.updateFile;
import static dev.orchestra.project.support.Api.updateProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.platform.testing.TopicRecorder.Published;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Events;
import dev.orchestra.project.support.Outcomes;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What REST writes publish on project.events.v1: full state and version, exact CloudEvents headers, no origin. */
@QuarkusTest
class ProjectEventsTest {

    private static Published<ProjectEnvelope> await(TopicRecorder events, java.util.function.Predicate<ProjectEnvelope> match) {
        return events.awaitEvent(ProjectEnvelope.parser(), published -> match.test(published.envelope()));
    }

    private static void headers(Published<ProjectEnvelope> event, User user, String kind) {
        assertThat(event.key()).isEqualTo(user.id().toString());
        assertThat(event.envelope().getUserId()).isEqualTo(user.id().toString());
        assertThat(event.ceType()).isEqualTo("dev.orchestra.project." + kind + ".v1");
        assertThat(event.headers()).containsEntry("ce_specversion", "1.0").containsEntry("ce_source", "project-service")
                .containsEntry("ce_id", event.envelope().getEventId()).containsEntry("content-type", "application/protobuf")
                .containsKey("ce_time");
        assertThat(Outcomes.origin(event.envelope())).isNull();
    }

    @Test
    void projectEventsCarryTheFullStateAndVersion() throws Exception {
        User user = User.fresh();
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            String id = createProject(user, json("name", "Evented", "path", "/p", "settings", Map.of("k", 1))).statusCode(201)
                    .extract().path("data.id");
            var created = await(events, e -> e.hasProjectCreated() && e.getProjectCreated().getProject().getId().equals(id));
            headers(created, user, "project_created");
            var state = created.envelope().getProjectCreated().getProject();
            assertThat(state.getName()).isEqualTo("Evented");
            assertThat(state.getPath()).isEqualTo("/p");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.getSettingsJson()))
                    .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"k\": 1}"));
            assertThat(state.getVersion()).isEqualTo(1);
            assertThat(state.getDeleted()).isFalse();
            assertThat(state.hasCreatedAt() && state.hasUpdatedAt()).isTrue();
            assertThat(state.hasLastSyncedAt()).isFalse();

            updateProject(user, id, json("path", null)).statusCode(200);
            var updated = await(events, e -> e.hasProjectUpdated() && e.getProjectUpdated().getProject().getId().equals(id));
            headers(updated, user, "project_updated");
            assertThat(updated.envelope().getProjectUpdated().getProject().getVersion()).isEqualTo(2);
            assertThat(updated.envelope().getProjectUpdated().getProject().hasPath()).isFalse();
            assertThat(updated.envelope().getProjectUpdated().getProject().getName()).isEqualTo("Evented");

            deleteProject(user, id).statusCode(204);
            var deleted = await(events, e -> e.hasProjectDeleted() && e.getProjectDeleted().getProject().getId().equals(id));
            headers(deleted, user, "project_deleted");
            var tombstone = deleted.envelope().getProjectDeleted().getProject();
            assertThat(tombstone.getDeleted()).isTrue();
            assertThat(tombstone.getVersion()).isEqualTo(3);
            assertThat(tombstone.getName()).isEmpty();
            assertThat(tombstone.getSettingsJson()).isEmpty();
            assertThat(tombstone.hasPath()).isFalse();
        }
    }

    @Test
    void fileEventsCarryTheContentAsBytesAndTombstonesNone() {
        User user = User.fresh();
        UUID projectId = project(user, "files evented");
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            UUID id = file(user, projectId, "dir/é.txt", "héllo");
            var upserted = await(events, e -> e.hasFileUpserted() && e.getFileUpserted().getFile().getId().equals(id.toString()));
            headers(upserted, user, "file_upserted");
            var state = upserted.envelope().getFileUpserted().getFile();
            assertThat(state.getProjectId()).isEqualTo(projectId.toString());
            assertThat(state.getPath()).isEqualTo("dir/é.txt");
            assertThat(state.getContent().toString(StandardCharsets.UTF_8)).isEqualTo("héllo");
            assertThat(state.getSize()).isEqualTo(6);
            assertThat(state.getContentHash()).hasSize(64);
            assertThat(state.getVersion()).isEqualTo(1);

            // A path-only change still carries the full state, content included.
            updateFile(user, projectId, id, json("path", "moved.txt")).statusCode(200);
            var moved = await(events, e -> e.hasFileUpserted() && e.getFileUpserted().getFile().getVersion() == 2
                    && e.getFileUpserted().getFile().getId().equals(id.toString()));
            assertThat(moved.envelope().getFileUpserted().getFile().getContent().toString(StandardCharsets.UTF_8)).isEqualTo("héllo");
            assertThat(moved.envelope().getFileUpserted().getFile().getPath()).isEqualTo("moved.txt");

            deleteFile(user, projectId, id).statusCode(204);
            var deleted = await(events, e -> e.hasFileDeleted() && e.getFileDeleted().getFile().getId().equals(id.toString()));
            headers(deleted, user, "file_deleted");
            var tombstone = deleted.envelope().getFileDeleted().getFile();
            assertThat(tombstone.getDeleted()).isTrue();
            assertThat(tombstone.getVersion()).isEqualTo(3);
            assertThat(tombstone.getContent().isEmpty()).isTrue();
            assertThat(tombstone.getSize()).isZero();
            assertThat(tombstone.getContentHash()).isEmpty();
        }
    }

    @Test
    void oneProjectDeletedStandsForItsFiles() {
        User user = User.fresh();
        UUID projectId = project(user, "with files");
        file(user, projectId, "a.txt", "a");
        file(user, projectId, "b.txt", "b");
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            deleteProject(user, projectId).statusCode(204);
            // A later event of the same user (same key, same partition) shows everything before it arrived.
            UUID after = project(user, "after");
            await(events, e -> e.hasProjectCreated() && e.getProjectCreated().getProject().getId().equals(after.toString()));
            List<ProjectEnvelope> mine = Outcomes.recordedFor(events, p -> p.key().equals(user.id().toString()));
            assertThat(mine).extracting(ProjectEnvelope::getKindCase).containsExactly(ProjectEnvelope.KindCase.PROJECT_DELETED,
                    ProjectEnvelope.KindCase.PROJECT_CREATED);
        }
    }

    @Test
    void refusedAndRepeatedWritesPublishNothing() {
        User user = User.fresh();
        UUID id = UUID.randomUUID();
        createProject(user, json("id", id.toString(), "name", "once")).statusCode(201);
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            createProject(user, json("id", id.toString(), "name", "once")).statusCode(200);
            updateProject(user, id, json("name", "")).statusCode(422);
            updateProject(user, id, json("name", "x", "version", 9)).statusCode(409);
            updateProject(user, id, json("name", "once")).statusCode(200);
            UUID after = project(user, "after");
            await(events, e -> e.hasProjectCreated() && e.getProjectCreated().getProject().getId().equals(after.toString()));
            assertThat(Outcomes.recordedFor(events, p -> p.key().equals(user.id().toString()))).hasSize(1);
        }
    }

    @Test
    void concurrentUnconditionalWritesPublishEachEntitysVersionsInOrder() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "contested");
        UUID fileId = file(user, projectId, "contested.txt", "0");
        int writers = 10;
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    int n = i;
                    statuses.add(pool.submit(() -> {
                        start.await();
                        int project = updateProject(user, projectId, json("name", "writer " + n)).extract().statusCode();
                        int file = updateFile(user, projectId, fileId, json("content", "writer " + n)).extract().statusCode();
                        return project == 200 && file == 200 ? 200 : 500;
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            // Every write made a version; in the topic (one partition: the user's), each entity's
            // versions come strictly rising, none missing.
            List<Long> expected = java.util.stream.LongStream.rangeClosed(2, writers + 1).boxed().toList();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> updates(events, user).size() >= 2 * writers);
            List<ProjectEnvelope> updates = updates(events, user);
            assertThat(updates.stream().filter(ProjectEnvelope::hasProjectUpdated)
                    .map(e -> e.getProjectUpdated().getProject().getVersion()).toList()).containsExactlyElementsOf(expected);
            assertThat(updates.stream().filter(ProjectEnvelope::hasFileUpserted)
                    .map(e -> e.getFileUpserted().getFile().getVersion()).toList()).containsExactlyElementsOf(expected);
        }
    }

    /** The user's ProjectUpdated and FileUpserted (after its creation) events, in topic order. */
    private static List<ProjectEnvelope> updates(TopicRecorder events, User user) {
        return Outcomes.recordedFor(events, p -> p.key().equals(user.id().toString())).stream()
                .filter(e -> e.hasProjectUpdated() || e.hasFileUpserted() && e.getFileUpserted().getFile().getVersion() > 1).toList();
    }
}
