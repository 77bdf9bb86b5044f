package dev.orchestra.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every service must show before it has any domain: it is live and ready against the real
 * database, it logs in as its own role, Flyway manages its own schema, and it cannot touch another
 * service's schema. Extend it in a {@code @QuarkusTest} of the service.
 */
public abstract class ServiceHealthContract {

    private static final List<String> SCHEMAS =
            List.of("auth", "project", "sync", "billing", "notification", "engine");

    private final String schema;

    @Inject
    AgroalDataSource dataSource;

    protected ServiceHealthContract(String schema) {
        this.schema = schema;
    }

    @Test
    void isLiveAndReadyWithTheDatabaseCheck() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void kafkaIsReportedOnItsOwnNotInReadiness() {
        given().when().get("/q/health/group/dependencies").then()
                .statusCode(200)
                .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"));
        // No Kafka channel counts for readiness: none shows up in its checks' data.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("Kafka")))
                .body("checks.findAll { it.data != null }.data.'orchestra-revocations'",
                        org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void logsInAsItsOwnRoleAndFlywayOwnsItsSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select current_user")).isEqualTo(schema);
            assertThat(single(statement, "select current_database()")).isEqualTo("orchestra_test");
            assertThat(single(statement,
                    "select count(*) from information_schema.tables where table_schema = '" + schema
                            + "' and table_name = 'flyway_schema_history'")).isEqualTo("1");
        }
    }

    @Test
    void cannotTouchAnotherServicesSchema() throws SQLException {
        String other = SCHEMAS.stream().filter(s -> !s.equals(schema)).findFirst().orElseThrow();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("create table " + other + ".intruder (id int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
