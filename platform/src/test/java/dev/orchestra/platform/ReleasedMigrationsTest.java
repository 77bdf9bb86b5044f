package dev.orchestra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Released migrations never change: Flyway validates each applied migration's checksum at start and
 * refuses to run a service whose migration differs from what the database applied — even in a
 * comment. Every service's and platform's SQL migrations are listed with their SHA-256 in
 * {@code released-migrations.txt}.
 */
class ReleasedMigrationsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noReleasedMigrationChangedAndEveryMigrationIsListed() throws Exception {
        Map<String, String> released = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/released-migrations.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.split("\\s+", 2);
                released.put(parts[1].trim(), parts[0]);
            }
        }
        Map<String, String> present = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT, 8)) {
            files.filter(file -> file.toString().endsWith(".sql") && isMigration(ROOT.relativize(file).toString()))
                    .forEach(file -> present.put(ROOT.relativize(file).toString(), sha256(file)));
        }
        assertThat(present).as("the repository's migrations").isNotEmpty();
        released.forEach((file, sum) -> {
            assertThat(present).as("%s was released: it must stay", file).containsKey(file);
            assertThat(present.get(file)).as("%s was released and applied: write a new migration instead of editing it", file)
                    .isEqualTo(sum);
        });
        assertThat(released.keySet()).as("a new migration: add its line (sha256sum) to released-migrations.txt")
                .containsAll(present.keySet());
    }

    /** Every SQL file Flyway reads: the migrations, and callbacks such as beforeValidate.sql, which rewrites live rows. */
    private static boolean isMigration(String relative) {
        return relative.contains("/src/main/resources/db/") && !relative.contains("/target/");
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
