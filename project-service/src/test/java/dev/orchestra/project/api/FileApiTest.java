package dev.orchestra.project.api;

import static dev.orchestra.project.support.Api.createFile;
import static dev.orchestra.project.support.Api.deleteFile;
import static dev.orchestra.project.support.Api.deleteProject;
import static dev.orchestra.project.support.Api.file;
import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.listFiles;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Api.updateFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Files over REST: CRUD, content rules (size, hash, 1 MiB), path rules, uniqueness, client ids, tombstones. */
@QuarkusTest
class FileApiTest {

    private static final int MIB = 1024 * 1024;

    @Inject
    AgroalDataSource dataSource;

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createReadUpdateAndDelete() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "files");
        String content = "fn main() {}\n";
        String id = createFile(user, projectId, json("path", "src/main.rs", "content", content)).statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/projects/" + projectId + "/files/"))
                .body("data.project_id", equalTo(projectId.toString()))
                .body("data.path", equalTo("src/main.rs"))
                .body("data.size", equalTo(content.length()))
                .body("data.content_hash", equalTo(sha256(content)))
                .body("data.version", equalTo(1))
                .body("data", not(hasKey("content")))
                .extract().path("data.id");

        getFile(user, projectId, id).statusCode(200).header("ETag", "\"1\"")
                .body("data.content", equalTo(content)).body("data.path", equalTo("src/main.rs"));
        listFiles(user, projectId, "").statusCode(200).body("data.id", equalTo(List.of(id)))
                .body("data[0]", not(hasKey("content"))).body("data[0].size", equalTo(content.length()));

        // Content only: the path stays.
        String next = "fn main() { println!(\"hi\"); }\n";
        updateFile(user, projectId, id, json("content", next)).statusCode(200).header("ETag", "\"2\"")
                .body("data.path", equalTo("src/main.rs")).body("data.size", equalTo(next.length()))
                .body("data.content_hash", equalTo(sha256(next))).body("data.version", equalTo(2));
        // Path only: the content stays.
        updateFile(user, projectId, id, json("path", "src/bin/main.rs")).statusCode(200)
                .body("data.path", equalTo("src/bin/main.rs")).body("data.content_hash", equalTo(sha256(next)))
                .body("data.version", equalTo(3));
        getFile(user, projectId, id).statusCode(200).body("data.content", equalTo(next));
        // Nothing changed: no version.
        updateFile(user, projectId, id, json("content", next)).statusCode(200).body("data.version", equalTo(3));

        deleteFile(user, projectId, id).statusCode(204);
        getFile(user, projectId, id).statusCode(404).body("error", equalTo("not_found"));
        updateFile(user, projectId, id, json("content", "x")).statusCode(404);
        deleteFile(user, projectId, id).statusCode(404);
        listFiles(user, projectId, "").statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void aDeletedFileIsATombstoneWithoutContent() {
        User user = User.fresh();
        UUID projectId = project(user, "tombstones");
        UUID id = file(user, projectId, "secret.txt", "the secret");
        deleteFile(user, projectId, id).statusCode(204);
        assertThat(Db.value(dataSource, "select deleted from files where id = ?", id)).isEqualTo(true);
        assertThat(Db.value(dataSource, "select content from files where id = ?", id)).isNull();
        assertThat(Db.value(dataSource, "select content_hash from files where id = ?", id)).isNull();
        assertThat(Db.value(dataSource, "select size from files where id = ?", id)).isEqualTo(0L);
        assertThat(Db.value(dataSource, "select version from files where id = ?", id)).isEqualTo(2L);
        // Its path is free again.
        createFile(user, projectId, json("path", "secret.txt", "content", "new")).statusCode(201);
    }

    @Test
    void aDeletedProjectIsATombstoneAndItsFilesTombstonesWhoseIdsStayTaken() {
        User user = User.fresh();
        UUID projectId = project(user, "doomed");
        UUID a = file(user, projectId, "a.txt", "a");
        UUID b = file(user, projectId, "b.txt", "b");
        updateFile(user, projectId, b, json("content", "bb")).statusCode(200);
        UUID gone = file(user, projectId, "gone.txt", "g");
        deleteFile(user, projectId, gone).statusCode(204);
        deleteProject(user, projectId).statusCode(204);
        assertThat(Db.column(dataSource, "select name from projects where id = ?", projectId)).containsExactly((Object) null);
        assertThat(Db.value(dataSource, "select settings from projects where id = ?", projectId)).isNull();
        assertThat(Db.value(dataSource, "select deleted from projects where id = ?", projectId)).isEqualTo(true);
        assertThat(Db.value(dataSource, "select version from projects where id = ?", projectId)).isEqualTo(2L);
        // The files stay as tombstones: deleted, no content, no hash, size 0, their versions as they were.
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ?", projectId)).isEqualTo(3L);
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and (not deleted or content is not null "
                + "or content_hash is not null or size <> 0 or content_json_bytes <> 0)", projectId)).isEqualTo(0L);
        assertThat(Db.value(dataSource, "select version from files where id = ?", a)).isEqualTo(1L);
        assertThat(Db.value(dataSource, "select version from files where id = ?", b)).isEqualTo(2L);
        assertThat(Db.value(dataSource, "select version from files where id = ?", gone)).isEqualTo(2L);
        getFile(user, projectId, a).statusCode(404);
        listFiles(user, projectId, "").statusCode(404);
        createFile(user, projectId, json("path", "c.txt", "content", "c")).statusCode(404);
        // Their ids stay taken, for a file or a project, for the owner and anyone else.
        UUID other = project(user, "other");
        createFile(user, other, json("id", a.toString(), "path", "a.txt", "content", "a")).statusCode(409)
                .body("error", equalTo("conflict"));
        createFile(user, other, json("id", b.toString(), "path", "b.txt", "content", "b")).statusCode(409);
        dev.orchestra.project.support.Api.createProject(user, json("id", a.toString(), "name", "a")).statusCode(409);
        User stranger = User.fresh();
        createFile(stranger, project(stranger, "theirs"), json("id", a.toString(), "path", "a.txt", "content", "a")).statusCode(409);
    }

    @Test
    void projectsAndFilesAreOneIdSpace() {
        User user = User.fresh();
        UUID projectId = project(user, "ids");
        UUID fileId = file(user, projectId, "a.txt", "a");
        // A project with a file's id, a file with a project's id: 409, whoever holds it.
        dev.orchestra.project.support.Api.createProject(user, json("id", fileId.toString(), "name", "clash")).statusCode(409)
                .body("error", equalTo("conflict"));
        createFile(user, projectId, json("id", projectId.toString(), "path", "b.txt", "content", "b")).statusCode(409)
                .body("error", equalTo("conflict"));
        User stranger = User.fresh();
        UUID theirProject = project(stranger, "theirs");
        String body = dev.orchestra.project.support.Api.createProject(stranger, json("id", fileId.toString(), "name", "clash"))
                .statusCode(409).extract().asString();
        assertThat(body).doesNotContain("a.txt").doesNotContain(projectId.toString());
        createFile(user, projectId, json("id", theirProject.toString(), "path", "c.txt", "content", "c")).statusCode(409);
        assertThat(Db.value(dataSource, "select count(*) from projects where id = ?", fileId)).isEqualTo(0L);
        assertThat(Db.value(dataSource, "select count(*) from files where id in (?, ?)", projectId, theirProject)).isEqualTo(0L);
    }

    @Test
    void oneIdRacedForByAProjectAndAFileIsTakenOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            User user = User.fresh();
            UUID projectId = project(user, "race");
            UUID otherProject = project(user, "race too");
            User stranger = User.fresh();
            UUID id = UUID.randomUUID();
            List<Integer> statuses = concurrently(4, i -> switch (i) {
                case 0 -> createFile(user, projectId, json("id", id.toString(), "path", "r.txt", "content", "r")).extract().statusCode();
                case 1 -> dev.orchestra.project.support.Api.createProject(user, json("id", id.toString(), "name", "r"))
                        .extract().statusCode();
                case 2 -> dev.orchestra.project.support.Api.createProject(stranger, json("id", id.toString(), "name", "r"))
                        .extract().statusCode();
                default -> createFile(user, otherProject, json("id", id.toString(), "path", "s.txt", "content", "s")).extract()
                        .statusCode();
            });
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
            assertThat(((Number) Db.value(dataSource, "select (select count(*) from projects where id = ?) "
                    + "+ (select count(*) from files where id = ?)", id, id)).longValue()).isEqualTo(1L);
        }
    }

    @Test
    void sizeIsTheUtf8BytesAndTheHashIsComputedByTheServer() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "unicode");
        String content = "é€😀";
        createFile(user, projectId, json("path", "u.txt", "content", content, "size", 1, "content_hash", "forged")).statusCode(201)
                .body("data.size", equalTo(2 + 3 + 4)).body("data.content_hash", equalTo(sha256(content)));
        createFile(user, projectId, json("path", "empty.txt", "content", "")).statusCode(201)
                .body("data.size", equalTo(0)).body("data.content_hash", equalTo(sha256("")));
    }

    @Test
    void contentIsAtMostOneMebibyteOfUtf8() {
        User user = User.fresh();
        UUID projectId = project(user, "big");
        createFile(user, projectId, json("path", "exact.txt", "content", "a".repeat(MIB))).statusCode(201)
                .body("data.size", equalTo(MIB));
        createFile(user, projectId, json("path", "over.txt", "content", "a".repeat(MIB + 1))).statusCode(413)
                .body("error", equalTo("payload_too_large"));
        // Fewer characters than bytes: 2-byte characters count twice.
        createFile(user, projectId, json("path", "wide.txt", "content", "é".repeat(MIB / 2 + 1))).statusCode(413)
                .body("error", equalTo("payload_too_large"));
        // A 1 MiB content that is twice as large as JSON (every quote escaped) is still accepted.
        createFile(user, projectId, json("path", "quotes.txt", "content", "\"".repeat(MIB))).statusCode(201)
                .body("data.size", equalTo(MIB));
        UUID small = file(user, projectId, "small.txt", "s");
        updateFile(user, projectId, small, json("content", "a".repeat(MIB + 1))).statusCode(413);
        getFile(user, projectId, small).statusCode(200).body("data.content", equalTo("s"));
    }

    @Test
    void everyPathRuleIsA422NamingThePath() {
        User user = User.fresh();
        UUID projectId = project(user, "paths");
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("", "Path is required");
        refused.put("/etc/passwd", "Must be relative (no leading /)");
        refused.put("a//b", "Must not contain an empty segment (// or a trailing /)");
        refused.put("a/", "Must not contain an empty segment (// or a trailing /)");
        refused.put("./a", "Must not contain . or .. segments");
        refused.put("a/./b", "Must not contain . or .. segments");
        refused.put("a/../b", "Must not contain . or .. segments");
        refused.put("..", "Must not contain . or .. segments");
        refused.put("a\u0001b", "Must not contain NUL or control characters");
        refused.put("a\tb", "Must not contain NUL or control characters");
        refused.put("line\nbreak", "Must not contain NUL or control characters");
        refused.put("a\u007fb", "Must not contain NUL or control characters");
        refused.put("a\\b", "Must use / to separate folders, not \\");
        refused.put("p".repeat(1025), "Must be at most 1,024 characters");
        // Issue 11: what a Windows, macOS or Linux desktop cannot create.
        refused.put("C:/Windows/x.bat", "Must not contain : (no drive letters)");
        refused.put("a:b", "Must not contain : (no drive letters)");
        refused.put("what?.txt", "Must not contain any of < > : \" | ? * \\");
        refused.put("a\u200bb", "Must not contain invisible characters (format characters such as zero-width spaces or bidi controls)");
        refused.put("evil\u202etxt.exe", "Must not contain invisible characters (format characters such as zero-width spaces or bidi controls)");
        refused.put("CON", "Must not use a name Windows reserves for devices (CON, PRN, AUX, NUL, COM0-9, LPT0-9)");
        refused.put("docs/lpt1.txt", "Must not use a name Windows reserves for devices (CON, PRN, AUX, NUL, COM0-9, LPT0-9)");
        refused.put("folder./a", "A file or folder name must not end in a dot or a space");
        refused.put("a/b ", "A file or folder name must not end in a dot or a space");
        refused.put("n".repeat(256), "A file or folder name must be at most 255 bytes of UTF-8");
        for (Map.Entry<String, String> path : refused.entrySet()) {
            createFile(user, projectId, json("path", path.getKey(), "content", "x")).statusCode(422)
                    .body("error", equalTo("validation_error")).body("details.path", equalTo(path.getValue()));
        }
        createFile(user, projectId, json("content", "x")).statusCode(422).body("details.path", equalTo("Path is required"));
        createFile(user, projectId, json("path", 3, "content", "x")).statusCode(422).body("details.path", equalTo("Must be a string"));
        // NUL is refused before anything else reads the body (platform's string hygiene), naming the field.
        user.request().body("{\"path\": \"a\\u0000b\", \"content\": \"x\"}").post("/api/v1/projects/" + projectId + "/files").then()
                .statusCode(422).body("details.path", org.hamcrest.Matchers.notNullValue());
        createFile(user, projectId, json("path", "a.txt")).statusCode(422).body("details.content", org.hamcrest.Matchers.notNullValue());
        createFile(user, projectId, json("path", "a.txt", "content", 5)).statusCode(422)
                .body("details.content", equalTo("Must be a string (UTF-8 text)"));
        listFiles(user, projectId, "").body("data.size()", equalTo(0));

        // At most 1,024 characters in all and 255 bytes of UTF-8 per name.
        String longest = String.join("/", java.util.Collections.nCopies(5, "p".repeat(204)));
        String emoji = String.join("/", java.util.Collections.nCopies(16, "😀".repeat(63)));
        for (String accepted : List.of("src/main.rs", "a b/c d.txt", ".hidden", "a..b/c", "ü/ß/日本.txt", longest, emoji)) {
            createFile(user, projectId, json("path", accepted, "content", "x")).statusCode(201).body("data.path", equalTo(accepted));
        }
        UUID id = file(user, projectId, "ok.txt", "x");
        updateFile(user, projectId, id, json("path", "../escape")).statusCode(422).body("details.path", equalTo("Must not contain . or .. segments"));
        updateFile(user, projectId, id, json("path", null)).statusCode(422).body("details.path", equalTo("Path is required"));
        updateFile(user, projectId, id, json("content", null)).statusCode(422).body("details.content", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void pathsAreNormalisedAndUniqueAmongLiveFiles() {
        User user = User.fresh();
        UUID projectId = project(user, "unique");
        // Decomposed é (e + combining accent) is stored composed: one name, one path.
        createFile(user, projectId, json("path", "caf\u0065\u0301.txt", "content", "1")).statusCode(201)
                .body("data.path", equalTo("caf\u00e9.txt"));
        createFile(user, projectId, json("path", "caf\u00e9.txt", "content", "2")).statusCode(409).body("error", equalTo("conflict"))
                .body("details.path", org.hamcrest.Matchers.notNullValue());
        UUID other = file(user, projectId, "other.txt", "o");
        updateFile(user, projectId, other, json("path", "café.txt")).statusCode(409).body("error", equalTo("conflict"));
        getFile(user, projectId, other).body("data.path", equalTo("other.txt")).body("data.version", equalTo(1));
        // The same path in another project is fine.
        UUID second = project(user, "second");
        createFile(user, second, json("path", "café.txt", "content", "3")).statusCode(201);
        // Paths equal after case folding cannot live side by side (a case-insensitive disk holds one).
        createFile(user, projectId, json("path", "CAFÉ.txt", "content", "4")).statusCode(409).body("error", equalTo("conflict"))
                .body("details.path", equalTo("Another file of the project has this path apart from case: café.txt"));
        updateFile(user, projectId, other, json("path", "Caf\u0045\u0301.TXT")).statusCode(409).body("error", equalTo("conflict"));
        // A file's own path in another case is a rename, not a collision.
        updateFile(user, projectId, other, json("path", "OTHER.txt")).statusCode(200).body("data.path", equalTo("OTHER.txt"));
    }

    @Test
    void pathsStoredBeforeTheRuleStayReadableEditableRenamableAndDeletable() {
        User user = User.fresh();
        UUID projectId = project(user, "legacy");
        // As the V4 migration leaves them: stored under an older rule, path keys filled, collisions kept.
        UUID device = legacyFile(projectId, "CON.txt");
        UUID lower = legacyFile(projectId, "Readme.md");
        UUID upper = legacyFile(projectId, "README.md");
        getFile(user, projectId, device).statusCode(200).body("data.path", equalTo("CON.txt"));
        // An update that gives the path unchanged (or not at all) is not refused for it.
        updateFile(user, projectId, device, json("path", "CON.txt", "content", "edited")).statusCode(200)
                .body("data.version", equalTo(2));
        updateFile(user, projectId, upper, json("content", "edited")).statusCode(200).body("data.version", equalTo(2));
        // A new path must follow the rule; a valid one resolves the problem.
        updateFile(user, projectId, device, json("path", "AUX.txt")).statusCode(422).body("details.path", notNullValue());
        updateFile(user, projectId, device, json("path", "console.txt")).statusCode(200).body("data.path", equalTo("console.txt"));
        deleteFile(user, projectId, lower).statusCode(204);
        getFile(user, projectId, upper).statusCode(200).body("data.content", equalTo("edited"));
    }

    private UUID legacyFile(UUID projectId, String path) {
        UUID id = UUID.randomUUID();
        dev.orchestra.project.domain.FileContent content = dev.orchestra.project.domain.FileContent.of("old");
        dev.orchestra.project.repository.PathKeys keys = dev.orchestra.project.repository.PathKeys.of(projectId, path);
        Db.execute(dataSource, "insert into files (id, project_id, path, path_key, folder_keys, content, size, content_hash, version, "
                        + "created_at, updated_at) values (?, ?, ?, ?, ?::text[], ?, ?, ?, 1, now(), now())",
                id, projectId, path, keys.file(), keys.foldersLiteral(), content.text(), content.size(), content.hash());
        return id;
    }

    @Test
    void aFileCannotBeAFolderOfAnotherFile() {
        User user = User.fresh();
        UUID projectId = project(user, "folders");
        file(user, projectId, "a", "a file named a");
        createFile(user, projectId, json("path", "a/b.txt", "content", "x")).statusCode(409).body("error", equalTo("conflict"))
                .body("details.path", equalTo("A file of the project is a folder of this path: a"));
        createFile(user, projectId, json("path", "A/deeper/b.txt", "content", "x")).statusCode(409);
        UUID inside = file(user, projectId, "dir/sub/c.txt", "c");
        createFile(user, projectId, json("path", "DIR/sub", "content", "x")).statusCode(409)
                .body("details.path", equalTo("This path is a folder of another file of the project: dir/sub/c.txt"));
        createFile(user, projectId, json("path", "dir", "content", "x")).statusCode(409);
        UUID loose = file(user, projectId, "loose.txt", "l");
        updateFile(user, projectId, loose, json("path", "dir/sub")).statusCode(409).body("error", equalTo("conflict"));
        // Once the file inside is gone, the folder's name is free for a file.
        deleteFile(user, projectId, inside).statusCode(204);
        createFile(user, projectId, json("path", "dir/sub", "content", "x")).statusCode(201);
        // Siblings sharing a prefix are no folders of each other.
        createFile(user, projectId, json("path", "ab", "content", "x")).statusCode(201);
        createFile(user, projectId, json("path", "a.b/c", "content", "x")).statusCode(201);
    }

    @Test
    void concurrentCreatesOrRenamesToOnePathLetOneWinAndRefuseTheOthers() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "contested paths");
        List<Integer> creates = concurrently(6, i -> createFile(user, projectId, json("path", "same.txt", "content", "c" + i))
                .extract().statusCode());
        assertThat(creates).filteredOn(s -> s == 201).hasSize(1);
        assertThat(creates).filteredOn(s -> s != 201).containsOnly(409);
        List<UUID> movers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            movers.add(file(user, projectId, "mover-" + i, "m"));
        }
        List<Integer> renames = concurrently(6, i -> updateFile(user, projectId, movers.get(i), json("path", "target.txt"))
                .extract().statusCode());
        assertThat(renames).filteredOn(s -> s == 200).hasSize(1);
        assertThat(renames).filteredOn(s -> s != 200).containsOnly(409);
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and path = 'same.txt' and not deleted",
                projectId)).isEqualTo(1L);
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and path = 'target.txt' and not deleted",
                projectId)).isEqualTo(1L);
    }

    @Test
    void concurrentCreatesThatCollideOnlyByCaseOrAsFolderLetOneWin() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "contested folds");
        List<String> paths = List.of("Same.txt", "SAME.TXT", "same.txt", "sAmE.txt", "same.txt/inside", "SAME.txt/x/y");
        List<Integer> creates = concurrently(paths.size(), i -> createFile(user, projectId, json("path", paths.get(i), "content", "c"))
                .extract().statusCode());
        assertThat(creates).filteredOn(s -> s == 201).hasSize(1);
        assertThat(creates).filteredOn(s -> s != 201).containsOnly(409);
        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and not deleted", projectId)).isEqualTo(1L);
    }

    @Test
    void aFolderSpelledAnotherWayCollidesAndTheSameSpellingDoesNot() {
        User user = User.fresh();
        UUID projectId = project(user, "folder spellings");
        createFile(user, projectId, json("path", "Docs/Guide/intro.md", "content", "c")).statusCode(201);
        // One folder on a case-insensitive disk, two names on the server: refused, at either depth.
        createFile(user, projectId, json("path", "docs/readme.md", "content", "c")).statusCode(409).body("error", equalTo("conflict"));
        createFile(user, projectId, json("path", "Docs/GUIDE/setup.md", "content", "c")).statusCode(409);
        // Folder names an array literal must quote: commas, braces, spaces.
        createFile(user, projectId, json("path", "Docs/Guide, {v2}/a.md", "content", "c")).statusCode(201);
        createFile(user, projectId, json("path", "Docs/Guide, {v2}/b.md", "content", "c")).statusCode(201);
        createFile(user, projectId, json("path", "Docs/guide, {V2}/c.md", "content", "c")).statusCode(409);
        createFile(user, projectId, json("path", "Docs/readme.md", "content", "c")).statusCode(201);
        createFile(user, projectId, json("path", "Other/readme.md", "content", "c")).statusCode(201);
    }

    @Test
    void livePathsAreUniqueThroughASha256DigestNotMd5() {
        // md5 would let two different paths with one digest refuse each other; SHA-256 does not.
        String index = (String) Db.value(dataSource, "select indexdef from pg_indexes where schemaname = current_schema() "
                + "and indexname = 'files_live_path_key'");
        assertThat(index).contains("path_digest(path)").contains("WHERE (NOT deleted)").doesNotContain("md5");
        assertThat(Db.value(dataSource, "select encode(path_digest('café.txt'), 'hex')")).isEqualTo(sha256Hex("café.txt"));
    }

    private static String sha256Hex(String text) {
        try {
            return sha256(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aUniqueViolationOfAnInsertIsAPathConflictNotAnError() {
        User user = User.fresh();
        UUID projectId = project(user, "unique");
        // Paths of a prefix of this test's own: at most one live file of a project may have one.
        String prefix = "clash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        file(user, projectId, prefix + "1", "c");
        try {
            // A unique index the service's own check does not know of: the insert must still answer 409.
            Db.script(dataSource, "create unique index clash on files (project_id) where path like '" + prefix + "%' and not deleted");
            createFile(user, projectId, json("path", prefix + "2", "content", "c")).statusCode(409).body("error", equalTo("conflict"))
                    .body("details.path", org.hamcrest.Matchers.notNullValue());
        } finally {
            Db.script(dataSource, "drop index if exists clash");
        }
        createFile(user, projectId, json("path", prefix + "2", "content", "c")).statusCode(201);
    }

    private static List<Integer> concurrently(int count, java.util.function.IntFunction<Integer> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatedCreateWithTheClientIdReturnsTheExistingFile() {
        User user = User.fresh();
        UUID projectId = project(user, "retries");
        UUID id = UUID.randomUUID();
        createFile(user, projectId, json("id", id.toString(), "path", "a.txt", "content", "a")).statusCode(201)
                .body("data.id", equalTo(id.toString()));
        createFile(user, projectId, json("id", id.toString(), "path", "a.txt", "content", "a")).statusCode(200)
                .body("data.id", equalTo(id.toString())).body("data.version", equalTo(1));
        // A different path or content under the same id: the id is taken, nothing changes.
        createFile(user, projectId, json("id", id.toString(), "path", "b.txt", "content", "a")).statusCode(409)
                .body("error", equalTo("conflict")).body("details.id", equalTo("Already taken"));
        createFile(user, projectId, json("id", id.toString(), "path", "a.txt", "content", "changed")).statusCode(409);
        getFile(user, projectId, id).body("data.path", equalTo("a.txt")).body("data.content", equalTo("a")).body("data.version", equalTo(1));
        UUID accented = UUID.randomUUID();
        createFile(user, projectId, json("id", accented.toString(), "path", "caf\u00e9.md", "content", "c")).statusCode(201);
        createFile(user, projectId, json("id", accented.toString(), "path", "cafe\u0301.md", "content", "c")).statusCode(200);
        listFiles(user, projectId, "").body("data.size()", equalTo(2));
        // Taken otherwise: by a file of another of the user's projects, by another user's file, by a deleted file.
        UUID otherProject = project(user, "other");
        createFile(user, otherProject, json("id", id.toString(), "path", "a.txt", "content", "a")).statusCode(409)
                .body("error", equalTo("conflict"));
        User stranger = User.fresh();
        UUID strangerProject = project(stranger, "theirs");
        String body = createFile(stranger, strangerProject, json("id", id.toString(), "path", "b.txt", "content", "b"))
                .statusCode(409).extract().asString();
        assertThat(body).doesNotContain("a.txt").doesNotContain(projectId.toString());
        deleteFile(user, projectId, id).statusCode(204);
        createFile(user, projectId, json("id", id.toString(), "path", "a.txt", "content", "a")).statusCode(409);
        createFile(user, projectId, json("id", "nope", "path", "a.txt", "content", "a")).statusCode(422)
                .body("details.id", equalTo("Must be a UUID"));
    }

    @Test
    void fileVersionsAreCheckedWithIfMatchOrTheBodyVersion() {
        User user = User.fresh();
        UUID projectId = project(user, "versions");
        UUID id = file(user, projectId, "v.txt", "1");
        updateFile(user, projectId, id, json("content", "2", "version", 1)).statusCode(200).header("ETag", "\"2\"");
        updateFile(user, projectId, id, json("content", "3", "version", 1)).statusCode(409)
                .body("error", equalTo("conflict")).body("details.current_version", equalTo(2));
        user.request().header("If-Match", "\"1\"").body(json("content", "3")).put("/api/v1/projects/" + projectId + "/files/" + id)
                .then().statusCode(409).body("details.current_version", equalTo(2));
        user.request().header("If-Match", "\"1\"").delete("/api/v1/projects/" + projectId + "/files/" + id).then()
                .statusCode(409).body("details.current_version", equalTo(2));
        getFile(user, projectId, id).statusCode(200).body("data.content", equalTo("2"));
        user.request().header("If-Match", "\"2\"").delete("/api/v1/projects/" + projectId + "/files/" + id).then().statusCode(204);
    }

    @Test
    void aFileIsOnlyReachableThroughItsOwnProject() {
        User user = User.fresh();
        UUID a = project(user, "a");
        UUID b = project(user, "b");
        UUID id = file(user, a, "x.txt", "x");
        getFile(user, b, id).statusCode(404);
        updateFile(user, b, id, json("content", "y")).statusCode(404);
        deleteFile(user, b, id).statusCode(404);
        getFile(user, a, id).statusCode(200).body("data.content", equalTo("x")).body("data.version", equalTo(1))
                .body("data.project_id", equalTo(a.toString())).body("data.updated_at", not(nullValue()));
    }
}
