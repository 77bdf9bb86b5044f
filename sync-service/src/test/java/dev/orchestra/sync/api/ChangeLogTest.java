package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.ProjectEvents.fileDeleted;
import static dev.orchestra.sync.support.ProjectEvents.fileUpserted;
import static dev.orchestra.sync.support.ProjectEvents.noop;
import static dev.orchestra.sync.support.ProjectEvents.origin;
import static dev.orchestra.sync.support.ProjectEvents.projectCreated;
import static dev.orchestra.sync.support.ProjectEvents.projectDeleted;
import static dev.orchestra.sync.support.ProjectEvents.projectUpdated;
import static dev.orchestra.sync.support.ProjectEvents.publish;
import static dev.orchestra.sync.support.ProjectEvents.staleRejection;
import static dev.orchestra.sync.support.SyncApi.fileCreate;
import static dev.orchestra.sync.support.SyncApi.pull;
import static dev.orchestra.sync.support.SyncApi.pullAll;
import static dev.orchestra.sync.support.SyncApi.push;
import static dev.orchestra.sync.support.SyncApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.PokeEnvelope;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.sync.service.ChangeLogService;
import dev.orchestra.sync.support.ProjectEvents;
import dev.orchestra.sync.support.SyncApi.Pulled;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** project-service's events into the user's log, and pulls of it (the page size is 5 in tests). */
@QuarkusTest
class ChangeLogTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChangeLogService changeLog;

    private long logged(UUID user) {
        return TestDatabase.count(dataSource, "changes where user_id = '" + user + "'");
    }

    private void awaitLogged(UUID user, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> logged(user) >= count);
    }

    @Test
    void eventsBecomeAGaplessLogOfMetadataThatPullsPageThrough() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        List<UUID> files = new ArrayList<>();
        publish(projectCreated(user, project, "Demo"));
        for (int i = 0; i < 7; i++) {
            UUID file = UUID.randomUUID();
            files.add(file);
            publish(fileUpserted(user, file, project, "src/f" + i + ".txt", 1, null));
        }
        publish(fileUpserted(user, files.get(0), project, "src/f0.txt", 2, null));
        publish(fileDeleted(user, files.get(1), project, 2));
        awaitLogged(user, 10);

        // The log itself, read from seq 0: ten changes in two pages of at most 5.
        Pulled log = pullAll(token(user), device, logCursorAtZero(user, device));
        assertThat(log.pages()).isEqualTo(2);
        assertThat(log.changes()).extracting(c -> ((Number) c.get("seq")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        Map<String, Object> created = log.changes().get(1);
        assertThat(created).containsEntry("entity", "file").containsEntry("op", "create").containsEntry("version", 1)
                .containsEntry("origin", null).containsKey("at");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) created.get("data");
        assertThat(data).containsEntry("path", "src/f0.txt").containsEntry("project_id", project.toString())
                .containsKeys("size", "content_hash", "version", "created_at", "updated_at").doesNotContainKey("content");
        assertThat(log.changes().get(8)).containsEntry("op", "update").containsEntry("version", 2);
        assertThat(log.changes().get(9)).containsEntry("op", "delete").containsEntry("data", null);
        // The project's own change carries its settings as JSON.
        assertThat(((Map<?, ?>) log.changes().get(0).get("data")).get("settings")).isEqualTo(Map.of("theme", "dark"));

        // An older version after a newer one changes nothing; a redelivered event neither.
        ProjectEnvelope old = fileUpserted(user, files.get(0), project, "src/old.txt", 1, null);
        publish(old);
        publish(old);
        ProjectEnvelope rename = projectUpdated(user, project, "Renamed", 2);
        publish(rename);
        publish(rename);
        awaitLogged(user, 11);
        Pulled after = pullAll(token(user), device, log.cursor());
        assertThat(after.changes()).hasSize(1);
        assertThat(after.changes().get(0)).containsEntry("seq", 11).containsEntry("op", "update");
        pull(token(user), device, after.cursor()).statusCode(200).body("data.changes.size()", equalTo(0))
                .body("data.has_more", equalTo(false)).body("data.cursor", equalTo(after.cursor()));
    }

    private static void awaitProcessed(String token, UUID device, long mutationId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pull(token, device, null).extract().<Integer>path("data.last_mutation_id") == mutationId);
    }

    /** A log cursor at seq 0, as the device would get it from an empty snapshot. */
    private static String logCursorAtZero(UUID user, UUID device) {
        return new dev.orchestra.sync.service.SyncCursor(false, 0, null, null, 0).encode(user, device);
    }

    @Test
    void aSnapshotShowsLiveEntitiesAtOneSeqAndTheLogBringsWhatChangedMeanwhile() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID doomed = UUID.randomUUID();
        List<UUID> files = new ArrayList<>();
        publish(projectCreated(user, project, "Demo"));
        publish(projectCreated(user, doomed, "Doomed"));
        for (int i = 0; i < 9; i++) {
            UUID file = UUID.randomUUID();
            files.add(file);
            publish(fileUpserted(user, file, project, "f" + i, 1, null));
        }
        UUID deletedEarly = UUID.randomUUID();
        publish(fileUpserted(user, deletedEarly, doomed, "gone", 1, null));
        publish(fileDeleted(user, deletedEarly, doomed, 2));
        UUID doomedFile = UUID.randomUUID();
        publish(fileUpserted(user, doomedFile, doomed, "goes with its project", 1, null));
        awaitLogged(user, 14);

        // First page of the snapshot: 5 of 12 live entities, projects first.
        var first = pull(token(user), device, null).statusCode(200).extract().jsonPath();
        assertThat(first.getBoolean("data.has_more")).isTrue();
        List<Map<String, Object>> seen = new ArrayList<>(first.getList("data.changes"));
        assertThat(seen).hasSize(5);
        assertThat(seen.subList(0, 2)).allSatisfy(c -> assertThat(c).containsEntry("entity", "project"));

        // Meanwhile: a file on the last page changes, a new one appears, a project goes with its files.
        UUID late = UUID.randomUUID();
        UUID changedFile = files.stream().sorted(java.util.Comparator.comparing(UUID::toString)).toList().get(8);
        publish(fileUpserted(user, changedFile, project, "renamed", 2, null));
        publish(fileUpserted(user, late, project, "late", 1, null));
        publish(projectDeleted(user, doomed, 2));
        awaitLogged(user, 17);

        // The device goes on pulling until it is told there is no more: the rest of the snapshot, then the log.
        Pulled rest = pullAll(token(user), device, first.getString("data.cursor"));
        seen.addAll(rest.changes());
        Map<String, Map<String, Object>> state = new java.util.LinkedHashMap<>();
        for (Map<String, Object> change : seen) {
            if ("delete".equals(change.get("op"))) {
                state.remove(change.get("entity_id"));
                if ("project".equals(change.get("entity"))) {
                    state.values().removeIf(c -> change.get("entity_id").equals(((Map<?, ?>) c.get("data")).get("project_id")));
                }
            } else {
                state.put((String) change.get("entity_id"), change);
            }
        }
        List<String> expected = new ArrayList<>(files.stream().map(UUID::toString).toList());
        expected.add(project.toString());
        expected.add(late.toString());
        assertThat(state.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(((Map<?, ?>) state.get(changedFile.toString()).get("data")).get("path")).isEqualTo("renamed");
        // The snapshot left out what changed after its seq (it came once, from the log) and what was deleted before it.
        assertThat(seen).filteredOn(c -> c.get("entity_id").equals(changedFile.toString())).hasSize(1)
                .allSatisfy(c -> assertThat(c).containsEntry("op", "update").containsEntry("version", 2));
        assertThat(seen).filteredOn(c -> c.get("entity_id").equals(late.toString())).hasSize(1);
        assertThat(seen).extracting(c -> c.get("entity_id")).doesNotContain(deletedEarly.toString());
        // A file event about the deleted project's file, replayed late, brings nothing back.
        publish(fileUpserted(user, doomedFile, doomed, "back from the dead", 2, null));
        UUID marker = UUID.randomUUID();
        publish(fileUpserted(user, marker, project, "marker", 1, null));
        awaitLogged(user, 18);
        expected.add(marker.toString());
        assertThat(TestDatabase.count(dataSource, "changes where user_id = '" + user + "' and entity_id = '" + doomedFile + "'")).isEqualTo(1);
        // A new snapshot now shows exactly that state, in three pages of at most 5.
        Pulled fresh = pullAll(token(user), UUID.randomUUID(), null);
        assertThat(fresh.entityIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fresh.pages()).isEqualTo(3);
        assertThat(fresh.changes()).allSatisfy(c -> assertThat(c).containsEntry("op", "create"));
    }

    @Test
    void concurrentEventsOfOneUserGetEverySeqOnce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ProjectEnvelope event = fileUpserted(user, UUID.randomUUID(), project, "c" + i, 1, null);
                work.add(pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> changeLog.apply(event))));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Pulled snapshot = pullAll(token(user), UUID.randomUUID(), null);
        List<Long> seqs = new ArrayList<>();
        UUID device = UUID.randomUUID();
        pullAll(token(user), device, logCursorAtZero(user, device)).changes().forEach(c -> seqs.add(((Number) c.get("seq")).longValue()));
        assertThat(seqs).hasSize(40).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(snapshot.entityIds()).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void pushesPullsAndAppendsOfOneDeviceAtOnceNeverDeadlock() throws Exception {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        String token = token(user);
        pull(token, device, null).statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> pushes = pool.submit(() -> {
                for (int i = 1; i <= 60; i++) {
                    push(token, device, List.of(fileCreate(i, UUID.randomUUID(), project, "p" + i))).statusCode(202);
                }
            });
            Future<?> appends = pool.submit(() -> {
                for (int i = 1; i <= 60; i++) {
                    ProjectEnvelope event = fileUpserted(user, UUID.randomUUID(), project, "a" + i, 1, origin(device, i));
                    QuarkusTransaction.requiringNew().run(() -> changeLog.apply(event));
                }
            });
            Future<?> pulls = pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    pull(token, device, null).statusCode(200);
                }
            });
            pushes.get();
            appends.get();
            pulls.get();
        } finally {
            pool.shutdown();
        }
        assertThat(logged(user)).isEqualTo(60);
    }

    @Test
    void everyOutcomeAdvancesTheOriginDeviceAndRejectionsGoToItAlone() {
        UUID user = UUID.randomUUID();
        UUID deviceA = UUID.randomUUID();
        UUID deviceB = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        String token = token(user);
        String cursorB = pullAll(token, deviceB, null).cursor();
        String cursorA = pullAll(token, deviceA, null).cursor();
        push(token, deviceA, List.of(fileCreate(1, file, project, "a.txt"), fileCreate(2, file, project, "a.txt"),
                fileCreate(3, UUID.randomUUID(), project, "b.txt"))).statusCode(202);
        // Each kind of outcome advances the device's last processed mutation on its own.
        publish(fileUpserted(user, file, project, "a.txt", 1, origin(deviceA, 1)));
        awaitProcessed(token, deviceA, 1);
        publish(noop(user, file, origin(deviceA, 2)));
        awaitProcessed(token, deviceA, 2);
        publish(staleRejection(user, file, project, origin(deviceA, 3), 1));
        awaitProcessed(token, deviceA, 3);
        assertThat(TestDatabase.count(dataSource, "rejections where device_id = '" + deviceA + "'")).isEqualTo(1);

        Pulled a = pullAll(token, deviceA, cursorA);
        assertThat(a.lastMutationId()).isEqualTo(3);
        assertThat(a.changes()).hasSize(1);
        assertThat(a.changes().get(0).get("origin")).isEqualTo(Map.of("device_id", deviceA.toString(), "mutation_id", 1));
        assertThat(a.rejected()).hasSize(1);
        assertThat(a.rejected().get(0)).containsEntry("mutation_id", 3).containsEntry("entity", "file")
                .containsEntry("entity_id", file.toString()).containsEntry("reason", "stale_version").containsEntry("current_version", 1)
                .containsKey("message").containsKey("details");
        @SuppressWarnings("unchecked") Map<String, Object> current = (Map<String, Object>) a.rejected().get(0).get("current");
        assertThat(current).containsEntry("version", 1).doesNotContainKey("content");
        // Pulling on from there: the rejection is not repeated.
        assertThat(pullAll(token, deviceA, a.cursor()).rejected()).isEmpty();

        Pulled b = pullAll(token, deviceB, cursorB);
        assertThat(b.changes()).hasSize(1);
        assertThat(b.rejected()).isEmpty();
        assertThat(b.lastMutationId()).isZero();
    }

    @Test
    void rejectionsArePagedLikeChanges() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        String token = token(user);
        String cursor = pullAll(token, device, null).cursor();
        List<Map<String, Object>> mutations = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            mutations.add(fileCreate(i, UUID.randomUUID(), UUID.randomUUID(), "r" + i));
        }
        push(token, device, mutations).statusCode(202);
        for (int i = 1; i <= 6; i++) {
            publish(staleRejection(user, UUID.randomUUID(), UUID.randomUUID(), origin(device, i), 1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "rejections where device_id = '" + device + "'") == 6);
        var first = pull(token, device, cursor).statusCode(200).extract().jsonPath();
        assertThat(first.getList("data.rejected")).hasSize(5);
        assertThat(first.getBoolean("data.has_more")).isTrue();
        var second = pull(token, device, first.getString("data.cursor")).statusCode(200).extract().jsonPath();
        assertThat(second.<Integer>getList("data.rejected.mutation_id")).containsExactly(6);
        assertThat(second.getBoolean("data.has_more")).isFalse();
    }

    @Test
    void theLogAnnouncesWhatItAppendedOnThePokesTopic() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        try (var pokes = TopicRecorder.of("test.sync.pokes.v1")) {
            publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "x", 1, origin(device, 1)));
            var appended = pokes.awaitEvent(PokeEnvelope.parser(), e -> e.envelope().getUserId().equals(user.toString()));
            assertThat(appended.ceType()).isEqualTo("dev.orchestra.sync.changes_appended.v1");
            assertThat(appended.envelope().getChangesAppended().getFromSeq()).isEqualTo(1);
            assertThat(appended.envelope().getChangesAppended().getToSeq()).isEqualTo(1);
            assertThat(appended.envelope().getChangesAppended().getOrigin().getDeviceId()).isEqualTo(device.toString());
        }
    }

    @Test
    void aDeletedUsersLogDevicesAndStateAreErasedAndLaterEventsDropped() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        publish(projectCreated(user, UUID.randomUUID(), "Mine"));
        push(token(user), device, List.of(fileCreate(1, file, UUID.randomUUID(), "x"))).statusCode(202);
        publish(staleRejection(user, file, UUID.randomUUID(), origin(device, 1), 1));
        awaitLogged(user, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "rejections where user_id = '" + user + "'") == 1);
        assertThat(TestDatabase.count(dataSource, "daily_active_users where user_id = '" + user + "'")).isEqualTo(1);
        TestDatabase.parkFailedEvent(dataSource, user);
        ProjectEvents.userDeleted(user);
        await().atMost(Duration.ofSeconds(30)).until(() -> logged(user) == 0
                && TestDatabase.count(dataSource, "outbox_failed where record_key = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "devices where user_id = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "entities where user_id = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "rejections where user_id = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "daily_active_users where user_id = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "user_logs where user_id = '" + user + "'") == 0
                && TestDatabase.count(dataSource, "deleted_users where user_id = '" + user + "'") == 1);
        ProjectEnvelope after = projectCreated(user, UUID.randomUUID(), "After");
        publish(after);
        // The later event was consumed (its inbox entry exists) and changed nothing.
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource,
                "processed_events where consumer = 'sync-service' and event_id = '" + after.getEventId() + "'") == 1);
        assertThat(logged(user)).isZero();
        assertThat(TestDatabase.count(dataSource, "user_logs where user_id = '" + user + "'")).isZero();
        pull(token(user), device, null).statusCode(401);
    }

    @Test
    void aCursorOfAnotherUserOrDeviceOrGarbageIs422() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        String cursor = pull(token(user), device, null).statusCode(200).extract().path("data.cursor");
        pull(token(UUID.randomUUID()), UUID.randomUUID(), cursor).statusCode(422).body("details.cursor", org.hamcrest.Matchers.notNullValue());
        pull(token(user), UUID.randomUUID(), cursor).statusCode(422);
        pull(token(user), device, "garbage").statusCode(422).body("error", equalTo("validation_error"));
        // A position past the head of the log is no position of this user's.
        pull(token(user), device, new dev.orchestra.sync.service.SyncCursor(false, 99, null, null, 0).encode(user, device)).statusCode(422);
        pull(token(user), device, cursor).statusCode(200);
    }
}
