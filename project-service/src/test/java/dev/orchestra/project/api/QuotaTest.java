package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.createFile;
import static dev.orchestra.project.support.Api.createProject;
import static dev.orchestra.project.support.Api.deleteFile;
import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.listProjects;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Api.updateFile;
import static dev.orchestra.project.support.Api.updateProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.project.service.Plans;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import dev.orchestra.project.support.Events;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Plan limits (free 5 projects / 500 files a project / 100 MiB; pro 100 / 10,000 / 10 GiB): over
 * → 403 forbidden {@code {"reason": "plan_limit", "limit": N}}; plans from SubscriptionChanged
 * (highest version wins) and UserRegistered (only when none known); downgrades delete nothing; the
 * check holds under concurrent creates.
 */
@QuarkusTest
class QuotaTest {

    private static final long MIB = 1024 * 1024;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Plans plans;

    private static void planLimit(ValidatableResponse response, long limit) {
        response.statusCode(403).body("error", equalTo("forbidden")).body("details.reason", equalTo("plan_limit"))
                .body("details.limit", equalTo(limit > Integer.MAX_VALUE ? (Object) limit : (Object) (int) limit));
    }

    private void awaitPlan(UUID user, String plan) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> plan.equals(Db.value(dataSource, "select plan from user_plans where user_id = ?", user)));
    }

    private void awaitConsumed(String eventIdText) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.value(dataSource,
                "select 1 from processed_events where consumer = 'project-service' and event_id = ?", UUID.fromString(eventIdText)) != null);
    }

    /** Live projects straight into the table (the limit is what is tested, not how they were made). */
    private void seedProjects(UUID owner, int count) {
        Db.execute(dataSource, "insert into projects (id, owner_id, name, settings, version, created_at, updated_at) "
                + "select gen_random_uuid(), ?, 'seeded ' || n, '{}'::jsonb, 1, now(), now() from generate_series(1, ?) n", owner, count);
    }

    private void seedFiles(UUID projectId, int count, boolean deleted) {
        Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, updated_at, "
                + "deleted) select gen_random_uuid(), ?, 'seeded/' || gen_random_uuid(), case when ? then null else 'x' end, "
                + "case when ? then 0 else 1 end, case when ? then null else 'h' end, 1, now(), now(), ? "
                + "from generate_series(1, ?) n", projectId, deleted, deleted, deleted, deleted, count);
    }

    @Test
    void theConfiguredLimitsAreTheIssues() {
        assertThat(plans.limitsOf(null)).isEqualTo(new Plans.Limits("free", 5, 500, 100 * MIB));
        assertThat(plans.limitsOf("free")).isEqualTo(new Plans.Limits("free", 5, 500, 100 * MIB));
        assertThat(plans.limitsOf("pro")).isEqualTo(new Plans.Limits("pro", 100, 10_000, 10 * 1024 * MIB));
        // A plan without limits of its own counts as free.
        assertThat(plans.limitsOf("enterprise-trial")).isEqualTo(new Plans.Limits("free", 5, 500, 100 * MIB));
    }

    @Test
    void aFreeUserHasFiveProjectsAndAProUserAHundred() {
        User user = User.fresh();
        for (int i = 0; i < 5; i++) {
            project(user, "p" + i);
        }
        planLimit(createProject(user, json("name", "sixth")), 5);
        // Deleting one makes room: tombstones do not count.
        String first = listProjects(user, "?limit=1").extract().path("data[0].id");
        deleteProject(user, first).statusCode(204);
        project(user, "sixth after all");
        planLimit(createProject(user, json("name", "seventh")), 5);

        Events.subscriptionChanged(user.id(), "pro", 1);
        awaitPlan(user.id(), "pro");
        project(user, "pro project");
        seedProjects(user.id(), 100 - 6);
        planLimit(createProject(user, json("name", "one too many")), 100);
    }

    @Test
    void aDowngradeDeletesNothingAndOnlyBlocksNewCreations() {
        User user = User.fresh();
        Events.subscriptionChanged(user.id(), "pro", 3);
        awaitPlan(user.id(), "pro");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(project(user, "p" + i));
        }
        Events.subscriptionChanged(user.id(), "free", 4);
        awaitPlan(user.id(), "free");
        listProjects(user, "").statusCode(200).body("data.size()", equalTo(7));
        planLimit(createProject(user, json("name", "eighth")), 5);
        // Existing projects stay usable: updates, and files in them.
        updateProject(user, ids.get(0), json("name", "renamed")).statusCode(200);
        file(user, ids.get(6), "still.txt", "works");
        // An older subscription version (a late "pro") changes nothing; a newer one does.
        Events.subscriptionChanged(user.id(), "pro", 2);
        Events.subscriptionChanged(user.id(), "pro", 4);
        Events.subscriptionChanged(user.id(), "pro", 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(5).equals(
                Db.value(dataSource, "select subscription_version from user_plans where user_id = ?", user.id())));
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", user.id())).isEqualTo("pro");
        project(user, "eighth");
    }

    @Test
    void olderAndEqualSubscriptionVersionsAreIgnored() {
        User user = User.fresh();
        Events.subscriptionChanged(user.id(), "pro", 7);
        awaitPlan(user.id(), "pro");
        // An older version: consumed (its inbox entry is there), and the plan is still pro.
        awaitConsumed(Events.subscriptionChanged(user.id(), "free", 6));
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", user.id())).isEqualTo("pro");
        assertThat(Db.value(dataSource, "select subscription_version from user_plans where user_id = ?", user.id())).isEqualTo(7L);
        // The same version again (a redelivery under another event id, or a conflicting one): the first one stays.
        awaitConsumed(Events.subscriptionChanged(user.id(), "free", 7));
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", user.id())).isEqualTo("pro");
        assertThat(Db.value(dataSource, "select subscription_version from user_plans where user_id = ?", user.id())).isEqualTo(7L);
        for (int i = 0; i < 6; i++) {
            project(user, "p" + i);
        }
        // A newer one applies.
        awaitConsumed(Events.subscriptionChanged(user.id(), "free", 8));
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", user.id())).isEqualTo("free");
        planLimit(createProject(user, json("name", "over")), 5);
    }

    @Test
    void userRegisteredOnlyFillsInAPlanNotKnownYet() {
        User registeredPro = User.fresh();
        Events.userRegistered(registeredPro.id(), "pro");
        awaitPlan(registeredPro.id(), "pro");
        for (int i = 0; i < 6; i++) {
            project(registeredPro, "p" + i);
        }

        User subscribedFree = User.fresh();
        Events.subscriptionChanged(subscribedFree.id(), "free", 1);
        awaitPlan(subscribedFree.id(), "free");
        String registration = Events.userRegistered(subscribedFree.id(), "pro");
        awaitConsumed(registration);
        assertThat(Db.value(dataSource, "select plan from user_plans where user_id = ?", subscribedFree.id())).isEqualTo("free");

        // A user seen before any plan event (a row made by a write) still takes the registration's plan.
        User early = User.fresh();
        project(early, "before registration");
        Events.userRegistered(early.id(), "pro");
        awaitPlan(early.id(), "pro");
    }

    @Test
    void aFreeProjectHas500LiveFilesAndAProOne10000() {
        User user = User.fresh();
        UUID projectId = project(user, "many files");
        seedFiles(projectId, 499, false);
        seedFiles(projectId, 20, true);
        file(user, projectId, "the-500th.txt", "x");
        planLimit(createFile(user, projectId, json("path", "the-501st.txt", "content", "x")), 500);
        // The limit is per project.
        file(user, project(user, "another"), "elsewhere.txt", "x");

        Events.subscriptionChanged(user.id(), "pro", 1);
        awaitPlan(user.id(), "pro");
        file(user, projectId, "the-501st.txt", "x");
        seedFiles(projectId, 10_000 - 501, false);
        planLimit(createFile(user, projectId, json("path", "the-10001st.txt", "content", "x")), 10_000);
    }

    @Test
    void aFreeUserHas100MebibytesOfContentInAllProjects() {
        User user = User.fresh();
        UUID first = project(user, "first");
        UUID second = project(user, "second");
        // 99 MiB of real files through the API would take a while: 99 rows of 1 MiB straight into the
        // table, with the user's counter as the service keeps it.
        Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, updated_at) "
                + "select gen_random_uuid(), ?, 'big/' || n, repeat('x', 1048576), 1048576, 'h', 1, now(), now() "
                + "from generate_series(1, 99) n", first);
        Db.execute(dataSource, "update user_plans set content_bytes = 99 * 1048576 where user_id = ?", user.id());
        String almostOneMib = "y".repeat((int) MIB - 10);
        UUID filler = file(user, second, "filler.txt", almostOneMib);
        // 10 bytes left, in any project.
        file(user, first, "ten.txt", "0123456789");
        planLimit(createFile(user, second, json("path", "one-more-byte.txt", "content", "!")), 100 * MIB);
        createFile(user, first, json("path", "empty.txt", "content", "")).statusCode(201);
        // Growing a file past the limit is going over it too; shrinking one makes room again.
        planLimit(updateFile(user, second, filler, json("content", almostOneMib + "!")), 100 * MIB);
        assertThat(counter(user.id())).isEqualTo(100 * MIB);
        updateFile(user, second, filler, json("content", almostOneMib.substring(1))).statusCode(200);
        file(user, second, "one-byte.txt", "!");
        planLimit(createFile(user, second, json("path", "another-byte.txt", "content", "!")), 100 * MIB);
        // Deleting a project frees its files' bytes.
        deleteProject(user, first).statusCode(204);
        file(user, second, "room-again.txt", "z".repeat((int) MIB));
    }

    @Test
    void afterADowngradeNothingIsDeletedAndOnlyGrowingOverTheLimitIsRefused() {
        User user = User.fresh();
        Events.subscriptionChanged(user.id(), "pro", 1);
        awaitPlan(user.id(), "pro");
        UUID projectId = project(user, "big on pro");
        UUID existing = file(user, projectId, "notes.txt", "short");
        // 150 MiB of content, as a pro user may have (the counter is what the limit reads).
        Db.execute(dataSource, "update user_plans set content_bytes = content_bytes + 150 * 1048576 where user_id = ?", user.id());
        Events.subscriptionChanged(user.id(), "free", 2);
        awaitPlan(user.id(), "free");
        // Growing content past the limit is going over it: refused, like a creation.
        planLimit(updateFile(user, projectId, existing, json("content", "a much longer text than before")), 100 * MIB);
        planLimit(createFile(user, projectId, json("path", "new.txt", "content", "")), 100 * MIB);
        assertThat(counter(user.id())).isEqualTo(150 * MIB + "short".length());
        // Nothing was deleted, and shrinking and renaming go on.
        updateFile(user, projectId, existing, json("path", "renamed.txt", "content", "s")).statusCode(200)
                .body("data.version", equalTo(2));
        assertThat(counter(user.id())).isEqualTo(150 * MIB + 1);
    }

    @Test
    void theContentCounterFollowsEveryWrite() {
        User user = User.fresh();
        UUID a = project(user, "a");
        UUID b = project(user, "b");
        UUID one = file(user, a, "one.txt", "12345");
        file(user, a, "two.txt", "é€");
        UUID three = file(user, b, "three.txt", "abc");
        updateFile(user, a, one, json("content", "123456789")).statusCode(200);
        updateFile(user, a, one, json("content", "1")).statusCode(200);
        deleteFile(user, b, three).statusCode(204);
        file(user, b, "four.txt", "4444");
        assertThat(counter(user.id())).isEqualTo(liveBytes(user.id())).isEqualTo(1 + 5 + 4);
        deleteProject(user, a).statusCode(204);
        assertThat(counter(user.id())).isEqualTo(liveBytes(user.id())).isEqualTo(4);
    }

    private long counter(UUID user) {
        return (Long) Db.value(dataSource, "select content_bytes from user_plans where user_id = ?", user);
    }

    private long liveBytes(UUID user) {
        return ((Number) Db.value(dataSource, "select coalesce(sum(f.size), 0) from files f join projects p on p.id = f.project_id "
                + "where p.owner_id = ? and not f.deleted and not p.deleted", user)).longValue();
    }

    @Test
    void twoCreatesRacingAtTheLimitCannotBothPass() throws Exception {
        for (int round = 0; round < 3; round++) {
            User user = User.fresh();
            for (int i = 0; i < 4; i++) {
                project(user, "p" + i);
            }
            List<Integer> statuses = concurrently(8, i -> createProject(user, json("name", "racer " + i)).extract().statusCode());
            assertThat(statuses).containsOnly(201, 403);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            listProjects(user, "").body("data.size()", equalTo(5));
        }
        User user = User.fresh();
        UUID projectId = project(user, "files racing");
        seedFiles(projectId, 499, false);
        List<Integer> statuses = concurrently(8, i -> createFile(user, projectId, json("path", "racer-" + i, "content", "x"))
                .extract().statusCode());
        assertThat(statuses).containsOnly(201, 403);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and not deleted", projectId)).isEqualTo(500L);
    }

    @Test
    void createsRacingAtTheContentLimitCannotOverrunIt() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "almost full");
        Db.execute(dataSource, "update user_plans set content_bytes = 100 * 1048576 - 10 where user_id = ?", user.id());
        List<Integer> statuses = concurrently(8, i -> createFile(user, projectId, json("path", "four-" + i, "content", "abcd"))
                .extract().statusCode());
        // 10 bytes left: two files of 4 bytes fit, the third would not.
        assertThat(statuses).containsOnly(201, 403);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
        assertThat(counter(user.id())).isEqualTo(100 * MIB - 2);
    }

    @Test
    void theFirstCreatesOfAUserNotSeenYetRacingAtTheLimitCannotBothPass() throws Exception {
        for (int round = 0; round < 3; round++) {
            User user = User.fresh();
            // Four projects, and no user_plans row yet: the racers make it (one of them does).
            seedProjects(user.id(), 4);
            assertThat(Db.value(dataSource, "select count(*) from user_plans where user_id = ?", user.id())).isEqualTo(0L);
            List<Integer> statuses = concurrently(8, i -> createProject(user, json("name", "racer " + i)).extract().statusCode());
            assertThat(statuses).containsOnly(201, 403);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(Db.value(dataSource, "select count(*) from projects where owner_id = ? and not deleted", user.id()))
                    .isEqualTo(5L);
        }
    }

    @Test
    void aRepeatedCreateWithTheClientIdAtTheLimitReturnsTheExistingEntity() {
        User user = User.fresh();
        UUID id = UUID.randomUUID();
        createProject(user, json("id", id.toString(), "name", "fifth")).statusCode(201);
        for (int i = 0; i < 4; i++) {
            project(user, "p" + i);
        }
        createProject(user, json("id", id.toString(), "name", "fifth")).statusCode(200).body("data.id", equalTo(id.toString()));
        planLimit(createProject(user, json("name", "sixth")), 5);

        UUID fileId = UUID.randomUUID();
        seedFiles(id, 499, false);
        createFile(user, id, json("id", fileId.toString(), "path", "the-500th.txt", "content", "x")).statusCode(201);
        createFile(user, id, json("id", fileId.toString(), "path", "the-500th.txt", "content", "x")).statusCode(200)
                .body("data.id", equalTo(fileId.toString())).body("data.version", equalTo(1));
        planLimit(createFile(user, id, json("path", "the-501st.txt", "content", "x")), 500);
    }

    private static List<Integer> concurrently(int count, java.util.function.IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                calls.add(() -> {
                    start.await();
                    return call.apply(index);
                });
            }
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> c : calls) {
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
