package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.PASSWORD;
import static dev.orchestra.auth.support.AuthApi.login;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.Jwt;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin group: only for the configured address (admin@example.com in tests), once it is verified. */
@QuarkusTest
class AdminUsersTest {

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void freeTheAdminAddress() {
        TestDatabase.clean(dataSource);
    }

    private static List<String> groups(String accessToken) {
        List<String> groups = new ArrayList<>();
        Jwt.claims(accessToken).get("groups").forEach(g -> groups.add(g.asText()));
        return groups;
    }

    @Test
    void theConfiguredAddressGetsAdminOnlyOnceVerified() {
        Account admin;
        String token;
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            admin = registered("Admin@Example.com");
            token = tokens.awaitEvent(TokenEnvelope.parser(), e -> e.envelope().getUserId().equals(admin.id().toString())
                    && e.envelope().hasEmailVerificationRequested()).envelope().getEmailVerificationRequested().getToken();
        }
        assertThat(groups(admin.accessToken())).containsExactly("user");
        given().auth().oauth2(admin.accessToken()).get("/api/v1/admin/users").then().statusCode(403).body("error", equalTo("forbidden"));

        post("/auth/verify-email", Map.of("token", token)).statusCode(204);
        String adminToken = refresh(admin.refreshToken()).statusCode(200).extract().path("data.access_token");
        assertThat(groups(adminToken)).containsExactly("user", "admin");
        given().auth().oauth2(adminToken).get("/api/v1/admin/users").then().statusCode(200)
                .body("data.email", org.hamcrest.Matchers.hasItem("Admin@Example.com"));

        // Any other account stays a user, verified or not.
        Account user;
        String userToken;
        try (var tokens = TopicRecorder.of("test.auth.tokens.v1")) {
            user = registered();
            Account registeredUser = user;
            userToken = tokens.awaitEvent(TokenEnvelope.parser(), e -> e.envelope().getUserId().equals(registeredUser.id().toString())
                    && e.envelope().hasEmailVerificationRequested()).envelope().getEmailVerificationRequested().getToken();
        }
        post("/auth/verify-email", Map.of("token", userToken)).statusCode(204);
        String verifiedUser = login(user.email(), PASSWORD).statusCode(200).extract().path("data.access_token");
        assertThat(groups(verifiedUser)).containsExactly("user");
        given().auth().oauth2(verifiedUser).get("/api/v1/users/me").then().body("data.email_verified", equalTo(true));
        given().auth().oauth2(verifiedUser).get("/api/v1/admin/users").then().statusCode(403);
    }

    @Test
    void theListingIsKeysetPagedNewestFirstAndFiltersByEmailPrefix() throws Exception {
        String adminToken = dev.orchestra.platform.testing.Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(0, registered("page-" + i + "-" + UUID.randomUUID() + "@example.com").id().toString());
        }
        registered("other-" + UUID.randomUUID() + "@example.com");
        // Two accounts with the very same creation time: paging neither repeats nor skips them.
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("update users set created_at = '2026-01-01T00:00:00.123456Z' where email like 'page-1-%' or email like 'page-2-%'");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(adminToken).queryParam("email", "PAGE-").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/admin/users").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("meta.next_cursor");
        } while (cursor != null);
        // Newest first by (created_at, id), the two equal timestamps ordered by id: the order the table says.
        List<String> expected = new ArrayList<>();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select id from users where email like 'page-%' order by created_at desc, id desc")) {
            while (rows.next()) {
                expected.add(rows.getString(1));
            }
        }
        assertThat(expected).containsExactlyInAnyOrderElementsOf(made);
        assertThat(seen).containsExactlyElementsOf(expected);
        String first = given().auth().oauth2(adminToken).queryParam("limit", 1).get("/api/v1/admin/users").then().statusCode(200)
                .extract().path("meta.next_cursor");
        // A cursor of another filter, garbage and bad limits are 422.
        given().auth().oauth2(adminToken).queryParam("email", "page-").queryParam("cursor", first).get("/api/v1/admin/users")
                .then().statusCode(422).body("details.cursor", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(adminToken).queryParam("cursor", "%%%").get("/api/v1/admin/users").then().statusCode(422);
        given().auth().oauth2(adminToken).queryParam("limit", 201).get("/api/v1/admin/users").then().statusCode(422)
                .body("details.limit", org.hamcrest.Matchers.notNullValue());
        // A LIKE wildcard in the prefix matches only itself.
        given().auth().oauth2(adminToken).queryParam("email", "%").get("/api/v1/admin/users").then().statusCode(200)
                .body("data.size()", equalTo(0));
    }
}
