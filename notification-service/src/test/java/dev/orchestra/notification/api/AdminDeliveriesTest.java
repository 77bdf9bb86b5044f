package dev.orchestra.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/admin/notifications/deliveries: admins only, newest first, keyset-paged, by status, no tokens. */
@QuarkusTest
class AdminDeliveriesTest extends NotificationTest {

    private static final String PATH = "/api/v1/admin/notifications/deliveries";
    private static final String ADMIN = Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();

    @Test
    void anAdminPagesThroughTheLogNewestFirstWithoutSeeingTokens() {
        List<String> tokens = new ArrayList<>();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String token = "secret-token-" + UUID.randomUUID();
            tokens.add(token);
            events.add(Events.eventId(Events.publish(Events.welcome(UUID.randomUUID(), Events.newEmail(), "User " + i, token,
                    Instant.now().plus(Duration.ofHours(24))))));
        }
        String deadToken = "dead-token-" + UUID.randomUUID();
        tokens.add(deadToken);
        TokenEnvelope dead = Events.publish(Events.reset(UUID.randomUUID(), Events.newEmail(), "Late", deadToken,
                Instant.now().minusSeconds(1)));
        List<Delivery> all = new ArrayList<>();
        events.forEach(event -> all.add(awaitStatus(event, DeliveryStatus.SENT)));
        all.add(awaitStatus(Events.eventId(dead), DeliveryStatus.EXPIRED));
        List<String> newestFirst = all.stream()
                .sorted(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id).reversed())
                .map(d -> d.id().toString()).toList();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(ADMIN).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.get(PATH).then().statusCode(200);
            String body = response.extract().asString();
            tokens.forEach(token -> assertThat(body).doesNotContain(token));
            assertThat(body).doesNotContain("verify-email").doesNotContain("reset-password").doesNotContain("\"token\"");
            seen.addAll(response.extract().jsonPath().getList("data.id"));
            cursor = response.extract().path("meta.next_cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        given().auth().oauth2(ADMIN).queryParam("status", "expired").get(PATH).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(all.get(5).id().toString()))
                .body("data[0].template", equalTo("password_reset"))
                .body("data[0].status", equalTo("expired"))
                .body("data[0].recipient", notNullValue())
                .body("data[0].next_attempt_at", nullValue())
                .body("meta.next_cursor", nullValue());
        given().auth().oauth2(ADMIN).queryParam("status", "sent").get(PATH).then().statusCode(200)
                .body("data", hasSize(5))
                .body("data[0].template", equalTo("welcome"))
                .body("data[0].attempts", equalTo(1))
                .body("data[0].sent_at", notNullValue());
        given().auth().oauth2(ADMIN).queryParam("status", "failed").get(PATH).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void aUserWhoIsNotAnAdminIsRefused() {
        given().auth().oauth2(Tokens.anyUser()).get(PATH).then().statusCode(403).body("error", equalTo("forbidden"));
        given().get(PATH).then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void badParametersAreA422NamingTheParameter() {
        invalid(given().auth().oauth2(ADMIN).queryParam("status", "delivered").get(PATH).then(), "status");
        invalid(given().auth().oauth2(ADMIN).queryParam("limit", 0).get(PATH).then(), "limit");
        invalid(given().auth().oauth2(ADMIN).queryParam("limit", "many").get(PATH).then(), "limit");
        invalid(given().auth().oauth2(ADMIN).queryParam("cursor", "garbage").get(PATH).then(), "cursor");
    }

    @Test
    void aCursorOfAnotherStatusFilterIsRefused() {
        for (int i = 0; i < 2; i++) {
            awaitStatus(Events.eventId(Events.publish(Events.welcome(UUID.randomUUID(), Events.newEmail(), "U", "t" + i,
                    Instant.now().plus(Duration.ofHours(1))))), DeliveryStatus.SENT);
        }
        String cursor = given().auth().oauth2(ADMIN).queryParam("limit", 1).get(PATH).then().statusCode(200)
                .extract().path("meta.next_cursor");
        assertThat(cursor).isNotNull();
        invalid(given().auth().oauth2(ADMIN).queryParam("status", "sent").queryParam("cursor", cursor).get(PATH).then(), "cursor");
        given().auth().oauth2(ADMIN).queryParam("limit", 1).queryParam("cursor", cursor).get(PATH).then().statusCode(200)
                .body("data", hasSize(1)).body("meta.next_cursor", nullValue());
    }

    private static void invalid(ValidatableResponse response, String field) {
        response.statusCode(422).body("error", equalTo("validation_error")).body("details." + field, notNullValue());
    }
}
