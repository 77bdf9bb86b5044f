package dev.orchestra.auth.migration;

import static org.assertj.core.api.Assertions.assertThat;

import db.migration.V4__settings_within_number_rule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/** Account settings stored before the number rule: V4 turns each number outside it into a string of its exact value. */
@QuarkusTest
class SettingsNumberMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void numbersOutsideTheRuleBecomeExactStringsOthersStay() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into users (id, email, email_normalized, name, "
                    + "password_hash, settings, version, created_at, updated_at) values (?, ?, ?, 'Stored', 'not-a-hash', "
                    + "'{\"huge\": 1e100000, \"fine\": 2.5}'::jsonb, 1, now(), now())")) {
                insert.setObject(1, id);
                insert.setString(2, "stored-" + id + "@example.com");
                insert.setString(3, "stored-" + id + "@example.com");
                insert.executeUpdate();
            }
            new V4__settings_within_number_rule().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
            try (PreparedStatement select = connection.prepareStatement("select settings->>'huge', settings->'fine', "
                    + "jsonb_typeof(settings->'huge') from users where id = ?")) {
                select.setObject(1, id);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo("1E+100000");
                    assertThat(row.getString(2)).isEqualTo("2.5");
                    assertThat(row.getString(3)).isEqualTo("string");
                }
            }
        }
    }
}
