package dev.orchestra.auth.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The V3 migration's report, run again on accounts stored before the NFKC rule: each look-alike
 * address is listed as a warning (which Flyway prints at start-up), the plain ones are not, and
 * nothing is changed.
 */
@QuarkusTest
class LookAlikeEmailReportTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void storedLookAlikeAddressesAreListedAndKept() throws Exception {
        UUID kelvin = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        String squatted = "\u212Aim-" + kelvin + "@example.com";
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, kelvin, squatted);
            insert(connection, plain, "kim-" + plain + "@example.com");
            String script;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/V3__report_look_alike_emails.sql")) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> warnings = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute(script);
                for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                    warnings.add(warning.getMessage());
                }
            }
            assertThat(warnings).anySatisfy(message -> assertThat(message).contains(kelvin.toString()).contains(squatted));
            assertThat(warnings).noneSatisfy(message -> assertThat(message).contains(plain.toString()));
            try (Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("select email from users where id = '" + kelvin + "'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(squatted);
            }
        }
    }

    private static void insert(Connection connection, UUID id, String email) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("insert into users (id, email, email_normalized, name, "
                + "password_hash, version, created_at, updated_at) values (?, ?, ?, 'Stored', 'not-a-hash', 1, now(), now())")) {
            statement.setObject(1, id);
            statement.setString(2, email);
            statement.setString(3, email.toLowerCase(java.util.Locale.ROOT) + "#" + id);
            statement.executeUpdate();
        }
    }
}
