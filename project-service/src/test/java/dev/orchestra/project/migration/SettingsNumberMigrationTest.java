package dev.orchestra.project.migration;

import static dev.orchestra.project.support.Api.getProject;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static dev.orchestra.project.support.Api.updateProject;
import static org.hamcrest.Matchers.equalTo;

import db.migration.V5__settings_within_number_rule;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.UUID;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/**
 * Settings stored before the number rule with numbers outside it: still editable (no 500), and V5
 * turns each such number into a string of its exact value, leaving the others as they are.
 */
@QuarkusTest
class SettingsNumberMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void numbersStoredBeforeTheRuleStayEditableAndAreBroughtWithinIt() throws Exception {
        User user = User.fresh();
        UUID editable = project(user, "stored before");
        UUID migrated = project(user, "stored before too");
        String legacy = "{\"tiny\": 1e-5000, \"huge\": 1e100000, \"fine\": 1.5, \"list\": [1, 1e400]}";
        Db.execute(dataSource, "update projects set settings = ?::jsonb where id in (?, ?)", legacy, editable, migrated);

        // Reading what is stored never fails, whatever its numbers: a PUT compares with it.
        updateProject(user, editable, json("name", "renamed")).statusCode(200).body("data.version", equalTo(2));
        updateProject(user, editable, json("settings", java.util.Map.of("fine", 2))).statusCode(200).body("data.settings.fine", equalTo(2));

        try (Connection connection = dataSource.getConnection()) {
            new V5__settings_within_number_rule().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
        }
        getProject(user, migrated).statusCode(200).body("data.settings.tiny", equalTo("1E-5000"))
                .body("data.settings.huge", equalTo("1E+100000")).body("data.settings.fine", equalTo(1.5f))
                .body("data.settings.list[0]", equalTo(1)).body("data.settings.list[1]", equalTo("1E+400"));
        updateProject(user, migrated, json("name", "renamed")).statusCode(200);
        // Flyway ran the Java migrations at start-up.
        org.assertj.core.api.Assertions.assertThat(Db.value(dataSource,
                "select count(*) from flyway_schema_history where version in ('4', '5') and success")).isEqualTo(2L);
    }
}
