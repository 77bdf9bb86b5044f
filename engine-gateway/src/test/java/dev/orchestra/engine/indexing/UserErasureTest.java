package dev.orchestra.engine.indexing;

import static dev.orchestra.engine.support.Events.fileUpserted;
import static dev.orchestra.engine.support.Events.projectCreated;
import static dev.orchestra.engine.support.Events.projectDeleted;
import static dev.orchestra.engine.support.Events.userDeleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.engine.support.EngineGatewayTest;
import dev.orchestra.engine.support.TestEngine;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * UserDeleted: each of the user's projects dropped from the engine, every row of the user erased
 * (waiting content included), the deleted-user marker kept, later events about them dropped.
 */
@QuarkusTest
class UserErasureTest extends EngineGatewayTest {

    @Test
    void aDeletedUsersProjectsLeaveTheEngineAndTheirRowsGo() {
        UUID user = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID alreadyDeleted = UUID.randomUUID();
        UUID neighbours = UUID.randomUUID();
        projectCreated(user, first);
        projectCreated(user, second);
        projectCreated(user, alreadyDeleted);
        projectCreated(neighbour, neighbours);
        fileUpserted(user, first, UUID.randomUUID(), "one.txt", "an oryx in the first\n", 1);
        fileUpserted(user, second, UUID.randomUUID(), "two.txt", "an oryx in the second\n", 1);
        fileUpserted(neighbour, neighbours, UUID.randomUUID(), "n.txt", "the neighbour's oryx\n", 1);
        projectDeleted(user, alreadyDeleted, 2);
        await().atMost(WAIT).until(() -> TestEngine.search(first, "oryx").size() == 1 && TestEngine.search(second, "oryx").size() == 1
                && TestEngine.search(neighbours, "oryx").size() == 1);
        awaitNoJobs(alreadyDeleted);

        // Work waiting with its content when the user goes.
        TestEngine.stop();
        ProjectEnvelope waiting = fileUpserted(user, first, UUID.randomUUID(), "three.txt", "a waiting pelican\n", 1);
        awaitConsumed(waiting);
        assertThat(count("jobs where user_id = '" + user + "' and content is not null")).isEqualTo(1);

        UserEnvelope deleted = userDeleted(user);
        awaitConsumed(deleted);
        for (String table : List.of("projects", "files", "jobs", "accounts")) {
            assertThat(count(table + " where user_id = '" + user + "'")).as(table).isZero();
        }
        assertThat(count("deleted_users where user_id = '" + user + "'")).isEqualTo(1);
        // Two DropProjects wait, holding nothing of the user; the project deleted before needs none.
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(
                "select project_id, kind, user_id, content, path from jobs where project_id in (?, ?, ?) order by project_id",
                first, second, alreadyDeleted)).hasSize(2).allSatisfy(job -> {
                    assertThat(job.get("kind")).isEqualTo("drop");
                    assertThat(job.get("user_id")).isNull();
                    assertThat(job.get("content")).isNull();
                    assertThat(job.get("path")).isNull();
                }));

        TestEngine.running(Duration.ZERO);
        awaitNoJobs(first);
        awaitNoJobs(second);
        assertThat(TestEngine.search(first, "oryx pelican")).isEmpty();
        assertThat(TestEngine.search(second, "oryx")).isEmpty();
        // The neighbour keeps everything.
        assertThat(TestEngine.search(neighbours, "oryx")).hasSize(1);
        search(neighbour, neighbours, "oryx").statusCode(200).body("data.hits.size()", equalTo(1));

        // Later events about the user are dropped; their tokens are refused.
        ProjectEnvelope late = fileUpserted(user, first, UUID.randomUUID(), "late.txt", "a late quail\n", 1);
        awaitConsumed(late);
        assertThat(count("jobs where project_id = '" + first + "'")).isZero();
        assertThat(count("projects where user_id = '" + user + "'")).isZero();
        search(user, first, "quail").statusCode(401);
    }
}
