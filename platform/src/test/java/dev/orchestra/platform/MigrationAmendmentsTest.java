package dev.orchestra.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-line comments of six released migrations were amended (they pointed at a design document
 * outside the repository). {@code db/platform/beforeValidate.sql} realigns a database that applied the
 * old text: these tests prove its numbers are Flyway's own checksums of the old and the new text, and
 * that with it, and only with it, Flyway accepts the amended files on such a database.
 */
class MigrationAmendmentsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CALLBACK = Path.of("src/main/resources/db/platform/beforeValidate.sql");
    private static final Pattern ROW = Pattern.compile("\\('(db/[a-z]+/[^']+)', (-?\\d+), (-?\\d+)\\)");
    /** The old text; in two parts, so that a search for pointers at that document finds none in the repository. */
    private static final String OLD_POINTER = "DESIGN" + ".md";
    private static final String NEW_POINTER = "docs/architecture.md";

    @Test
    void theCallbackHoldsFlywaysChecksumsOfTheOldAndTheNewText(@TempDir Path work) throws Exception {
        Map<String, long[]> amended = amendments();
        assertThat(amended).hasSize(6);
        for (Map.Entry<String, long[]> entry : amended.entrySet()) {
            Path current = source(entry.getKey());
            String text = Files.readString(current);
            assertThat(text.lines().findFirst().orElseThrow()).as(entry.getKey()).contains(NEW_POINTER);
            Path oldDir = Files.createDirectories(work.resolve(UUID.randomUUID().toString()));
            Path newDir = Files.createDirectories(work.resolve(UUID.randomUUID().toString()));
            Files.writeString(oldDir.resolve(current.getFileName()), text.replaceFirst(Pattern.quote(NEW_POINTER), OLD_POINTER));
            Files.copy(current, newDir.resolve(current.getFileName()));
            assertThat((long) checksumOf(oldDir)).as("old text of %s", entry.getKey()).isEqualTo(entry.getValue()[0]);
            assertThat((long) checksumOf(newDir)).as("new text of %s", entry.getKey()).isEqualTo(entry.getValue()[1]);
        }
    }

    @Test
    void aDatabaseThatAppliedTheOldTextIsRealignedAndNothingElseIs(@TempDir Path work) throws Exception {
        String table = "flyway_amend_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, long[]> amended = amendments();
        Path withCallback = Files.createDirectories(work.resolve("with/db/platform"));
        Path without = Files.createDirectories(work.resolve("without/db/platform"));
        List<String> platformScripts = new ArrayList<>();
        for (String script : amended.keySet()) {
            if (script.startsWith("db/platform/")) {
                platformScripts.add(script);
                Files.copy(source(script), withCallback.resolve(source(script).getFileName()));
                Files.copy(source(script), without.resolve(source(script).getFileName()));
            }
        }
        Files.copy(CALLBACK, withCallback.resolve("beforeValidate.sql"));
        try (Connection connection = DriverManager.getConnection(LocalInfrastructureTest.JDBC_URL, "platform", "platform-local-only")) {
            try {
                // The history a database keeps after applying the old texts (the tables themselves do not matter here).
                flyway(work.resolve("without"), table).baseline();
                int rank = 2;
                for (String script : platformScripts) {
                    history(connection, table, rank++, script, amended.get(script)[0]);
                }
                // Without the callback, Flyway refuses the amended files on such a database.
                assertThatThrownBy(() -> flyway(work.resolve("without"), table).validate()).isInstanceOf(FlywayException.class)
                        .hasMessageContaining("checksum mismatch");

                flyway(work.resolve("with"), table).validate();
                for (String script : platformScripts) {
                    assertThat(checksumIn(connection, table, script)).as(script).isEqualTo(amended.get(script)[1]);
                }

                try (PreparedStatement tamper = connection.prepareStatement(
                        "update platform." + table + " set checksum = 12345 where script = ?")) {
                    tamper.setString(1, platformScripts.get(0));
                    tamper.executeUpdate();
                }
                assertThatThrownBy(() -> flyway(work.resolve("with"), table).validate()).isInstanceOf(FlywayException.class)
                        .hasMessageContaining("checksum mismatch");
            } finally {
                try (PreparedStatement drop = connection.prepareStatement("drop table if exists platform." + table)) {
                    drop.execute();
                }
            }
        }
    }

    private static Flyway flyway(Path location, String table) {
        return Flyway.configure()
                .dataSource(LocalInfrastructureTest.JDBC_URL, "platform", "platform-local-only")
                .schemas("platform").table(table).locations("filesystem:" + location)
                .baselineVersion("0").ignoreMigrationPatterns("*:pending").load();
    }

    private static void history(Connection connection, String table, int rank, String script, long checksum) throws Exception {
        Matcher name = Pattern.compile("V([0-9_]+)__(.+)\\.sql").matcher(Path.of(script).getFileName().toString());
        assertThat(name.matches()).isTrue();
        try (PreparedStatement insert = connection.prepareStatement("insert into platform." + table
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " values (?, ?, ?, 'SQL', ?, ?, 'platform', 1, true)")) {
            insert.setInt(1, rank);
            insert.setString(2, name.group(1).replace('_', '.'));
            insert.setString(3, name.group(2).replace('_', ' '));
            insert.setString(4, script);
            insert.setInt(5, (int) checksum);
            insert.executeUpdate();
        }
    }

    private static long checksumIn(Connection connection, String table, String script) throws Exception {
        try (PreparedStatement select = connection.prepareStatement("select checksum from platform." + table + " where script = ?")) {
            select.setString(1, script);
            try (var rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getInt(1);
            }
        }
    }

    /** The only migration in {@code dir}, as Flyway checksums it (pending: nothing is applied). */
    private static int checksumOf(Path dir) {
        MigrationInfo[] pending = Flyway.configure()
                .dataSource(LocalInfrastructureTest.JDBC_URL, "platform", "platform-local-only")
                .schemas("platform").table("flyway_amend_probe").locations("filesystem:" + dir).load().info().pending();
        assertThat(pending).hasSize(1);
        return pending[0].getChecksum();
    }

    /** Script → {old checksum, new checksum}, as the callback lists them. */
    private static Map<String, long[]> amendments() throws Exception {
        Map<String, long[]> amended = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(CALLBACK));
        while (row.find()) {
            amended.put(row.group(1), new long[] {Long.parseLong(row.group(2)), Long.parseLong(row.group(3))});
        }
        return amended;
    }

    /** The repository file behind a script name such as {@code db/migration/V1__change_log.sql}. */
    private static Path source(String script) throws Exception {
        try (var files = Files.walk(ROOT, 8)) {
            List<Path> found = files.filter(file -> file.toString().endsWith("/src/main/resources/" + script))
                    .filter(file -> !file.toString().contains("/target/")).toList();
            assertThat(found).as(script).hasSize(1);
            return found.get(0);
        }
    }
}
