package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.ProjectEvents.fileUpserted;
import static dev.orchestra.sync.support.ProjectEvents.publish;
import static dev.orchestra.sync.support.SyncApi.fileCreate;
import static dev.orchestra.sync.support.SyncApi.pull;
import static dev.orchestra.sync.support.SyncApi.pullAll;
import static dev.orchestra.sync.support.SyncApi.push;
import static dev.orchestra.sync.support.SyncApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.sync.service.Retention;
import dev.orchestra.sync.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RetentionAndStatsTest {

    @Inject
    Retention retention;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void onlyACursorBehindPrunedChangesMustResync() {
        UUID user = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        UUID atHead = UUID.randomUUID();
        String behindCursor = pullAll(token(user), behind, null).cursor();
        for (int i = 0; i < 3; i++) {
            publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "old" + i, 1, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 3);
        String headCursor = pullAll(token(user), atHead, null).cursor();
        // 31 days on, the three changes are pruned.
        clock.advance(Duration.ofDays(31));
        assertThat(retention.prune()).isGreaterThanOrEqualTo(3);
        assertThat(TestDatabase.count(dataSource, "changes where user_id = '" + user + "'")).isZero();
        pull(token(user), behind, behindCursor).statusCode(410).body("error", equalTo("resync_required"));
        // The idle device at the head keeps its cursor, and gets what comes next.
        pull(token(user), atHead, headCursor).statusCode(200).body("data.changes.size()", equalTo(0));
        clock.reset();
        publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "new", 1, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 1);
        assertThat(pullAll(token(user), atHead, headCursor).changes()).hasSize(1);
        // And the resyncing device starts over with a snapshot.
        assertThat(pullAll(token(user), behind, null).changes()).hasSize(4);
    }

    @Test
    void retentionCountsFromTheAppendNotFromWhenTheEventHappened() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        String cursor = pullAll(token(user), device, null).cursor();
        // An event that happened 40 days ago (replayed late, say) is appended today.
        var old = dev.orchestra.sync.support.ProjectEvents.envelope(user)
                .setOccurredAt(dev.orchestra.platform.messaging.EventCodec.timestamp(java.time.Instant.now().minus(Duration.ofDays(40))))
                .setFileUpserted(dev.orchestra.proto.events.v1.FileUpserted.newBuilder()
                        .setFile(dev.orchestra.sync.support.ProjectEvents.file(UUID.randomUUID(), UUID.randomUUID(), "late", "x", 1)))
                .build();
        publish(old);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 1);
        retention.prune();
        assertThat(TestDatabase.count(dataSource, "changes where user_id = '" + user + "'")).isEqualTo(1);
        assertThat(pullAll(token(user), device, cursor).changes()).hasSize(1);
    }

    @Test
    void aDaysCountersCountExactlyTheWorkOfThatDay() {
        String admin = Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();
        // A day of this test's own, years ahead: nothing else counts on it.
        clock.advance(Duration.ofDays(3000));
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"),
                fileCreate(2, UUID.randomUUID(), UUID.randomUUID(), "b"))).statusCode(202);
        // A refused push (a gap) and a repeated one count nothing.
        push(token(user), device, List.of(fileCreate(5, UUID.randomUUID(), UUID.randomUUID(), "gap"))).statusCode(409);
        pull(token(user), device, null).statusCode(200);
        publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "c", 1, dev.orchestra.sync.support.ProjectEvents.origin(device, 1)));
        publish(dev.orchestra.sync.support.ProjectEvents.staleRejection(user, UUID.randomUUID(), UUID.randomUUID(),
                dev.orchestra.sync.support.ProjectEvents.origin(device, 2), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 1
                && TestDatabase.count(dataSource, "rejections where user_id = '" + user + "'") == 1);
        Map<String, Object> counted = day(admin, day);
        assertThat(counted).containsEntry("day", day).containsEntry("pushes", 1).containsEntry("mutations", 2)
                .containsEntry("changes", 1).containsEntry("rejections", 1).containsEntry("active_users", 1);
    }

    @Test
    void theShippedLimitsAreTheIssues() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            shipped.load(in);
        }
        // Tests page by 5; the service pages by 1,000 and keeps 30 days.
        assertThat(shipped.getProperty("orchestra.sync.pull-page-size")).isEqualTo("1000");
        assertThat(shipped.getProperty("orchestra.sync.log-retention")).isEqualTo("P30D");
    }

    @Test
    void aChangeTwentyNineDaysOldIsKept() {
        UUID user = UUID.randomUUID();
        publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "recent", 1, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 1);
        clock.advance(Duration.ofDays(29));
        retention.prune();
        assertThat(TestDatabase.count(dataSource, "changes where user_id = '" + user + "'")).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        retention.prune();
        assertThat(TestDatabase.count(dataSource, "changes where user_id = '" + user + "'")).isZero();
    }

    @Test
    void dailyCountersAndActiveUsersAreForAdmins() {
        String admin = Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Object> before = day(admin, today);
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"),
                fileCreate(2, UUID.randomUUID(), UUID.randomUUID(), "b"))).statusCode(202);
        publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "c", 1, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(dataSource, "changes where user_id = '" + user + "'") == 1);
        Map<String, Object> after = day(admin, today);
        assertThat(number(after, "pushes") - number(before, "pushes")).isGreaterThanOrEqualTo(1);
        assertThat(number(after, "mutations") - number(before, "mutations")).isGreaterThanOrEqualTo(2);
        assertThat(number(after, "changes") - number(before, "changes")).isGreaterThanOrEqualTo(1);
        assertThat(number(after, "active_users") - number(before, "active_users")).isGreaterThanOrEqualTo(1);
        // Pulling again the same day counts the user once.
        long active = number(after, "active_users");
        pull(token(user), device, null).statusCode(200);
        assertThat(number(day(admin, today), "active_users")).isEqualTo(active);

        // A rejection counts; a socket connection alone makes its user active.
        publish(dev.orchestra.sync.support.ProjectEvents.staleRejection(user, UUID.randomUUID(), UUID.randomUUID(),
                dev.orchestra.sync.support.ProjectEvents.origin(device, 1), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> number(day(admin, today), "rejections") > number(after, "rejections"));
        UUID connected = UUID.randomUUID();
        try (var socket = dev.orchestra.sync.support.SyncApi.socket(token(connected), UUID.randomUUID())) {
            assertThat(number(day(admin, today), "active_users")).isEqualTo(active + 1);
        }

        given().auth().oauth2(token(user)).get("/api/v1/admin/stats/daily").then().statusCode(403).body("error", equalTo("forbidden"));
        for (String extreme : new String[] {"-999999999-01-01", "+1000000-01-01", "0000-01-01"}) {
            given().auth().oauth2(admin).queryParam("to", extreme).get("/api/v1/admin/stats/daily").then().statusCode(422);
        }
        given().auth().oauth2(admin).queryParam("from", "yesterday").get("/api/v1/admin/stats/daily").then().statusCode(422)
                .body("details.from", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(admin).queryParam("from", "2026-02-01").queryParam("to", "2026-01-01").get("/api/v1/admin/stats/daily")
                .then().statusCode(422);
        given().auth().oauth2(admin).queryParam("from", "2020-01-01").queryParam("to", "2026-01-01").get("/api/v1/admin/stats/daily")
                .then().statusCode(422);
    }

    private static Map<String, Object> day(String admin, String day) {
        List<Map<String, Object>> days = given().auth().oauth2(admin).queryParam("from", day).queryParam("to", day)
                .get("/api/v1/admin/stats/daily").then().statusCode(200).extract().jsonPath().getList("data");
        return days.isEmpty() ? Map.of() : days.get(0);
    }

    private static long number(Map<String, Object> day, String key) {
        Object value = day.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
