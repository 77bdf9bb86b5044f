package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.batchGet;
import static dev.orchestra.project.support.Api.deleteFile;
import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/projects/{id}/files/batch-get}: the content of up to 100 of the caller's
 * project's live files, at most 8 MiB an answer, {@code has_more} beyond, and the ids that are no
 * live file of the project as {@code missing}.
 */
@QuarkusTest
class BatchGetTest {

    private static final int MIB = 1024 * 1024;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void returnsTheContentOfTheProjectsLiveFilesInTheOrderAsked() {
        User user = User.fresh();
        UUID projectId = project(user, "sync me");
        UUID a = file(user, projectId, "a.txt", "alpha");
        UUID b = file(user, projectId, "b.txt", "beta");
        UUID deleted = file(user, projectId, "gone.txt", "gone");
        deleteFile(user, projectId, deleted).statusCode(204);
        UUID elsewhere = file(user, project(user, "other"), "c.txt", "other project");
        User stranger = User.fresh();
        UUID theirs = file(stranger, project(stranger, "theirs"), "d.txt", "not yours");
        UUID unknown = UUID.randomUUID();

        batchGet(user, projectId, json("ids", List.of(b, unknown, a, deleted, elsewhere, theirs, b))).statusCode(200)
                .body("data.files.id", equalTo(List.of(b.toString(), a.toString())))
                .body("data.files.content", equalTo(List.of("beta", "alpha")))
                .body("data.files.path", equalTo(List.of("b.txt", "a.txt")))
                .body("data.files[0].size", equalTo(4))
                .body("data.files[0].content_hash", notNullValue())
                .body("data.files[0].version", equalTo(1))
                .body("data.has_more", equalTo(false))
                .body("data.missing", equalTo(List.of(unknown.toString(), deleted.toString(), elsewhere.toString(), theirs.toString())));
        batchGet(user, projectId, json("ids", List.of())).statusCode(200)
                .body("data.files.size()", equalTo(0)).body("data.has_more", equalTo(false)).body("data.missing.size()", equalTo(0));
    }

    @Test
    void atMost100IdsEachAUuid() {
        User user = User.fresh();
        UUID projectId = project(user, "limits");
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> UUID.randomUUID().toString()).toList();
        batchGet(user, projectId, json("ids", hundred)).statusCode(200).body("data.missing.size()", equalTo(100));
        List<String> more = new ArrayList<>(hundred);
        more.add(UUID.randomUUID().toString());
        batchGet(user, projectId, json("ids", more)).statusCode(422).body("error", equalTo("validation_error"))
                .body("details.ids", equalTo("At most 100 ids"));
        batchGet(user, projectId, json("ids", List.of("not-a-uuid"))).statusCode(422).body("details.'ids.0'", equalTo("Must be a UUID"));
        batchGet(user, projectId, json("ids", "x")).statusCode(422).body("details.ids", notNullValue());
        batchGet(user, projectId, json()).statusCode(422).body("details.ids", equalTo("Required"));
    }

    /** Files of 1 MiB of one character each, written straight to the table (the content quota is not what this tests). */
    private List<UUID> seedMebibyteFiles(UUID projectId, int count, java.util.function.IntFunction<String> character) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, "
                    + "updated_at) values (?, ?, ?, repeat(?, 1048576), 1048576, 'h', 1, now(), now())", id, projectId,
                    "big/" + i + "-" + id, character.apply(i));
            ids.add(id);
        }
        return ids;
    }

    /** The answer's bytes, as they went over the wire. */
    private static byte[] answer(User user, UUID projectId, List<UUID> ids) {
        return batchGet(user, projectId, json("ids", ids)).statusCode(200).extract().asByteArray();
    }

    @Test
    void atMost8MebibytesInOneAnswerTheRestAfterHasMore() {
        User user = User.fresh();
        UUID projectId = project(user, "large");
        List<UUID> ids = seedMebibyteFiles(projectId, 9, i -> String.valueOf((char) ('a' + i)));
        byte[] body = answer(user, projectId, ids);
        assertThat(body.length).isLessThanOrEqualTo(8 * MIB);
        JsonPath first = JsonPath.from(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        List<String> returned = first.getList("data.files.id");
        // Eight files of 1 MiB are 8 MiB of content alone: with their other fields they do not fit; seven do.
        assertThat(returned).hasSize(7).containsExactlyElementsOf(ids.subList(0, 7).stream().map(UUID::toString).toList());
        assertThat(first.getBoolean("data.has_more")).isTrue();
        assertThat(first.getList("data.missing")).isEmpty();
        assertThat(first.getString("data.files[6].content")).hasSize(MIB).startsWith("g");
        // The client asks again for what it did not get.
        batchGet(user, projectId, json("ids", ids.subList(7, 9))).statusCode(200)
                .body("data.files.id", equalTo(List.of(ids.get(7).toString(), ids.get(8).toString())))
                .body("data.has_more", equalTo(false));
    }

    @Test
    void theAnswerStaysWithin8MebibytesWhenEscapingGrowsTheContent() {
        User user = User.fresh();
        UUID projectId = project(user, "escapes");
        // 1 MiB of quotes is 2 MiB as JSON text: three fit in 8 MiB, not four.
        List<UUID> quotes = seedMebibyteFiles(projectId, 5, i -> "\"");
        byte[] body = answer(user, projectId, quotes);
        assertThat(body.length).isLessThanOrEqualTo(8 * MIB);
        JsonPath page = JsonPath.from(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.getList("data.files.id")).hasSize(3);
        assertThat(page.getBoolean("data.has_more")).isTrue();
        assertThat(page.getString("data.files[0].content")).isEqualTo("\"".repeat(MIB));
        // 1 MiB of U+0001 is 6 MiB as JSON text (\u0001 each): one fits, not two.
        List<UUID> controls = seedMebibyteFiles(projectId, 2, i -> "\u0001");
        body = answer(user, projectId, controls);
        assertThat(body.length).isLessThanOrEqualTo(8 * MIB);
        page = JsonPath.from(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.getList("data.files.id")).containsExactly(controls.get(0).toString());
        assertThat(page.getBoolean("data.has_more")).isTrue();
        assertThat(page.getString("data.files[0].content")).isEqualTo("\u0001".repeat(MIB));
        // Mixed with missing ids and small files: whatever is asked, the answer stays within bounds.
        List<UUID> mixed = new ArrayList<>(quotes.subList(0, 2));
        mixed.add(UUID.randomUUID());
        mixed.add(file(user, projectId, "small.txt", "s"));
        mixed.addAll(controls);
        body = answer(user, projectId, mixed);
        assertThat(body.length).isLessThanOrEqualTo(8 * MIB);
        page = JsonPath.from(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.getList("data.files.id")).hasSize(3);
        assertThat(page.getList("data.missing")).containsExactly(mixed.get(2).toString());
        assertThat(page.getBoolean("data.has_more")).isTrue();
    }

    @Test
    void onlyTheCallersLiveProject() {
        User owner = User.fresh();
        UUID projectId = project(owner, "mine");
        UUID id = file(owner, projectId, "a.txt", "a");
        User stranger = User.fresh();
        batchGet(stranger, projectId, json("ids", List.of(id))).statusCode(404).body("error", equalTo("not_found"));
        batchGet(owner, "not-a-uuid", json("ids", List.of(id))).statusCode(404);
        batchGet(owner, UUID.randomUUID(), json("ids", List.of(id))).statusCode(404);
        deleteProject(owner, projectId).statusCode(204);
        batchGet(owner, projectId, json("ids", List.of(id))).statusCode(404);
    }
}
