package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.listFiles;
import static dev.orchestra.project.support.Api.listProjects;
import static dev.orchestra.project.support.Api.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.project.support.Api;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keyset paging, newest first by (created_at, id): equal timestamps and deletions neither repeat nor skip. */
@QuarkusTest
class PagingTest {

    @Inject
    AgroalDataSource dataSource;

    /** Projects of a user with many equal created_at values (microseconds included), straight into the table. */
    private List<UUID> seedProjects(UUID owner, int sameInstant, int others) {
        OffsetDateTime shared = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < sameInstant + others; i++) {
            UUID id = UUID.randomUUID();
            OffsetDateTime at = i < sameInstant ? shared : shared.plusNanos((i - sameInstant - others / 2) * 1_000L);
            Db.execute(dataSource, "insert into projects (id, owner_id, name, settings, version, created_at, updated_at) "
                    + "values (?, ?, ?, '{}'::jsonb, 1, ?, ?)", id, owner, "P" + i, at, at);
            ids.add(id);
        }
        return ids;
    }

    /** The live projects in the list's order, as the database orders them. */
    private List<String> expectedOrder(UUID owner) {
        return Db.column(dataSource, "select id from projects where owner_id = ? and not deleted order by created_at desc, id desc",
                owner).stream().map(Object::toString).toList();
    }

    private static List<String> allPages(User user, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = listProjects(user, "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor))
                    .statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("data.id");
            assertThat(ids.size()).isLessThanOrEqualTo(limit);
            seen.addAll(ids);
            cursor = page.getString("meta.next_cursor");
        } while (cursor != null);
        return seen;
    }

    @Test
    void equalCreatedAtValuesAreNeitherRepeatedNorSkipped() {
        User user = User.fresh();
        seedProjects(user.id(), 9, 4);
        List<String> expected = expectedOrder(user.id());
        assertThat(expected).hasSize(13);
        for (int limit : new int[] {1, 2, 3, 4, 5, 13, 50}) {
            assertThat(allPages(user, limit)).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void deletionsBetweenPagesNeitherRepeatNorSkipTheOthers() {
        User user = User.fresh();
        seedProjects(user.id(), 6, 4);
        List<String> before = expectedOrder(user.id());
        JsonPath first = listProjects(user, "?limit=3").statusCode(200).extract().jsonPath();
        List<String> seen = new ArrayList<>(first.getList("data.id"));
        assertThat(seen).containsExactlyElementsOf(before.subList(0, 3));
        // The last one shown (the cursor's position) and one not seen yet are deleted between pages.
        deleteProject(user, seen.get(2)).statusCode(204);
        String unseenDeleted = before.get(6);
        deleteProject(user, unseenDeleted).statusCode(204);
        String cursor = first.getString("meta.next_cursor");
        while (cursor != null) {
            JsonPath page = listProjects(user, "?limit=3&cursor=" + cursor).statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("meta.next_cursor");
        }
        List<String> expected = new ArrayList<>(before);
        expected.remove(unseenDeleted);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    }

    @Test
    void newestFirstAndTheLastPageHasNoCursor() {
        User user = User.fresh();
        UUID first = project(user, "first");
        UUID second = project(user, "second");
        listProjects(user, "").statusCode(200)
                .body("data.id", equalTo(List.of(second.toString(), first.toString())))
                .body("meta.next_cursor", nullValue());
        listProjects(user, "?limit=1").statusCode(200).body("data.size()", equalTo(1)).body("meta.next_cursor", notNullValue());
        // Nobody else's projects show up.
        listProjects(User.fresh(), "").statusCode(200).body("data.size()", equalTo(0)).body("meta.next_cursor", nullValue());
    }

    @Test
    void theDefaultPageIs50() {
        User user = User.fresh();
        seedProjects(user.id(), 0, 51);
        listProjects(user, "").statusCode(200).body("data.size()", equalTo(50)).body("meta.next_cursor", notNullValue());
    }

    @Test
    void badLimitsAndCursorsAre422() {
        User user = User.fresh();
        seedProjects(user.id(), 3, 0);
        for (String limit : List.of("0", "201", "-1", "abc", "1.5")) {
            listProjects(user, "?limit=" + limit).statusCode(422).body("error", equalTo("validation_error"))
                    .body("details.limit", notNullValue());
        }
        listProjects(user, "?limit=200").statusCode(200);
        listProjects(user, "?cursor=garbage").statusCode(422).body("details.cursor", notNullValue());
        listProjects(user, "?cursor=%00").statusCode(422);
        // A cursor made for another user's list.
        String mine = listProjects(user, "?limit=1").extract().path("meta.next_cursor");
        User other = User.fresh();
        seedProjects(other.id(), 3, 0);
        listProjects(other, "?cursor=" + mine).statusCode(422).body("details.cursor", notNullValue());
        // A cursor of a project's file list used on the project list, and the other way round.
        UUID projectId = project(user, "with files");
        for (int i = 0; i < 3; i++) {
            Api.file(user, projectId, "f" + i, "x");
        }
        String filesCursor = listFiles(user, projectId, "?limit=1").statusCode(200).extract().path("meta.next_cursor");
        listProjects(user, "?cursor=" + filesCursor).statusCode(422).body("details.cursor", notNullValue());
        listFiles(user, projectId, "?cursor=" + mine).statusCode(422).body("details.cursor", notNullValue());
        // Another project's file-list cursor.
        UUID otherProject = project(user, "other files");
        listFiles(user, otherProject, "?cursor=" + filesCursor).statusCode(422).body("details.cursor", notNullValue());
    }

    @Test
    void fileListsPageTheSameWay() {
        User user = User.fresh();
        UUID projectId = project(user, "paged files");
        OffsetDateTime shared = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 654_321_000, ZoneOffset.UTC);
        for (int i = 0; i < 7; i++) {
            Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, "
                    + "updated_at) values (?, ?, ?, 'x', 1, 'h', 1, ?, ?)", UUID.randomUUID(), projectId, "same/" + i, shared, shared);
        }
        Api.file(user, projectId, "newest.txt", "new");
        List<String> expected = Db.column(dataSource, "select id from files where project_id = ? and not deleted "
                + "order by created_at desc, id desc", projectId).stream().map(Object::toString).toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = listFiles(user, projectId, "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).statusCode(200)
                    .body("data.content", org.hamcrest.Matchers.everyItem(nullValue()))
                    .extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("meta.next_cursor");
        } while (cursor != null);
        assertThat(seen).hasSize(8).containsExactlyElementsOf(expected);
        assertThat(seen.get(0)).isEqualTo(expected.get(0));
    }

    @Test
    void fileDeletionsBetweenPagesNeitherRepeatNorSkipTheOthers() {
        User user = User.fresh();
        UUID projectId = project(user, "files deleted while paging");
        OffsetDateTime shared = OffsetDateTime.of(2026, 5, 6, 7, 8, 9, 111_111_000, ZoneOffset.UTC);
        for (int i = 0; i < 9; i++) {
            // Most share one created_at, a few are a microsecond apart.
            OffsetDateTime at = i < 6 ? shared : shared.plusNanos((i - 7) * 1_000L);
            Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, "
                    + "updated_at) values (?, ?, ?, 'x', 1, 'h', 1, ?, ?)", UUID.randomUUID(), projectId, "f/" + i, at, at);
        }
        List<String> before = Db.column(dataSource, "select id from files where project_id = ? and not deleted "
                + "order by created_at desc, id desc", projectId).stream().map(Object::toString).toList();
        JsonPath first = listFiles(user, projectId, "?limit=3").statusCode(200).extract().jsonPath();
        List<String> seen = new ArrayList<>(first.getList("data.id"));
        assertThat(seen).containsExactlyElementsOf(before.subList(0, 3));
        // The last one shown (the cursor's position) and one not seen yet are deleted between pages.
        Api.deleteFile(user, projectId, seen.get(2)).statusCode(204);
        String unseenDeleted = before.get(5);
        Api.deleteFile(user, projectId, unseenDeleted).statusCode(204);
        String cursor = first.getString("meta.next_cursor");
        while (cursor != null) {
            JsonPath page = listFiles(user, projectId, "?limit=3&cursor=" + cursor).statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("meta.next_cursor");
        }
        List<String> expected = new ArrayList<>(before);
        expected.remove(unseenDeleted);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    }
}
