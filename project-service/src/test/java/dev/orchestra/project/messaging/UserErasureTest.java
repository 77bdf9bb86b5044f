package dev.orchestra.project.messaging;

import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Outcomes.awaitOutcome;
import static dev.orchestra.proto.events.v1.EntityType.ENTITY_TYPE_PROJECT;
import static dev.orchestra.proto.events.v1.Operation.OPERATION_CREATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import dev.orchestra.project.support.Events;
import dev.orchestra.project.support.Outcomes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * auth.users.v1 UserDeleted: the user's projects and files are erased at once, without an event
 * per entity; the deleted-user marker stays, later events about the user are dropped (sync
 * mutations included) and still-valid tokens are refused.
 */
@QuarkusTest
class UserErasureTest {

    @Inject
    AgroalDataSource dataSource;

    private long count(String fromWhere, Object... parameters) {
        return ((Number) Db.value(dataSource, "select count(*) from " + fromWhere, parameters)).longValue();
    }

    @Test
    void userDeletedErasesEverythingAtOnceWithoutAnEventPerEntity() {
        User user = User.fresh();
        UUID first = project(user, "first");
        UUID second = project(user, "second");
        file(user, first, "a.txt", "a");
        file(user, second, "b.txt", "b");
        UUID deleted = project(user, "already a tombstone");
        user.request().delete("/api/v1/projects/" + deleted).then().statusCode(204);
        int partitions = Outcomes.partitions(Events.PROJECT_EVENTS);
        assertThat(Outcomes.partitions("test.sync.mutations.v1")).isEqualTo(partitions);

        dev.orchestra.platform.testing.TestDatabase.parkFailedEvent(dataSource, user.id());
        try (TopicRecorder events = TopicRecorder.of(Events.PROJECT_EVENTS)) {
            Events.userDeleted(user.id());
            await().atMost(Duration.ofSeconds(30)).until(() -> count("projects where owner_id = ?", user.id()) == 0);
            // Nothing of theirs is kept in the outbox either (the relay may have published the rest).
            assertThat(count("outbox_failed where record_key = ?", user.id().toString())).isZero();
            assertThat(count("files where project_id in (?, ?)", first, second)).isZero();
            assertThat(count("deleted_users where user_id = ?", user.id())).isEqualTo(1);
            assertThat(Db.value(dataSource, "select erased from user_plans where user_id = ?", user.id())).isEqualTo(true);
            assertThat(Db.value(dataSource, "select content_bytes from user_plans where user_id = ?", user.id())).isEqualTo(0L);

            // A later mutation of that user is dropped; another user's mutation on the same partition
            // (after it in the topic) shows that it was consumed without an outcome.
            String device = "device-" + UUID.randomUUID();
            Events.submit(user.id(), device, 1, ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null, "{\"name\": \"zombie\"}");
            Events.subscriptionChanged(user.id(), "pro", 9);
            UUID neighbour = Events.samePartitionAs(user.id(), partitions);
            String neighbourDevice = "device-" + UUID.randomUUID();
            Events.submit(neighbour, neighbourDevice, 1, ENTITY_TYPE_PROJECT, OPERATION_CREATE, UUID.randomUUID(), null,
                    "{\"name\": \"marker\"}");
            awaitOutcome(events, neighbourDevice, 1);
            assertThat(Outcomes.recordedFor(events, p -> p.key().equals(user.id().toString()))).isEmpty();
            assertThat(count("projects where owner_id = ?", user.id())).isZero();
        }
        // A token the user still holds is refused.
        user.request().get("/api/v1/projects").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void laterPlanEventsAreDroppedAndARepeatedUserDeletedIsHarmless() {
        User user = User.fresh();
        project(user, "p");
        Events.userDeleted(user.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("projects where owner_id = ?", user.id()) == 0);
        String subscription = Events.subscriptionChanged(user.id(), "pro", 3);
        String registration = Events.userRegistered(user.id(), "pro");
        String again = Events.userDeleted(user.id());
        // All three consumed (their inbox entries committed with their effects, or their lack of one).
        for (String event : java.util.List.of(subscription, registration, again)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(
                    "processed_events where consumer = 'project-service' and event_id = ?", UUID.fromString(event)) == 1);
        }
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", user.id())).isNull();
        assertThat(Db.value(dataSource, "select subscription_version from user_plans where user_id = ?", user.id())).isNull();
        assertThat(count("deleted_users where user_id = ?", user.id())).isEqualTo(1);
        assertThat(Db.value(dataSource, "select erased from user_plans where user_id = ?", user.id())).isEqualTo(true);
    }
}
