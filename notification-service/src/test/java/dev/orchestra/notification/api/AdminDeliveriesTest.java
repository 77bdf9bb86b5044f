package dev.orchestra.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/admin/notifications/deliveries: admins only, newest first, keyset-paged, by status, no tokens. */
@QuarkusTest
class AdminDeliveriesTest extends NotificationTest {

    private static final String PATH = "/api/v1/admin/notifications/deliveries";
    private static final String ADMIN = Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();

    @Test
    void anAdminPagesThroughTheLogNewestFirstWithoutSeeingTokens() {
        // Rows this test did not make, newer, older and in between its own (other modules' tests publish to
        // the same test topics, so the log may hold any number of them): only this test's rows are asserted on.
        List<UUID> foreign = new ArrayList<>();
        foreign.add(insertForeign(DeliveryStatus.SENT, Instant.now().plus(Duration.ofHours(1))));
        foreign.add(insertForeign(DeliveryStatus.FAILED, Instant.now().minus(Duration.ofHours(1))));
        List<String> tokens = new ArrayList<>();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String token = "secret-token-" + UUID.randomUUID();
            tokens.add(token);
            events.add(Events.eventId(Events.publish(Events.welcome(UUID.randomUUID(), Events.newEmail(), "User " + i, token,
                    Instant.now().plus(Duration.ofHours(24))))));
            foreign.add(insertForeign(i % 2 == 0 ? DeliveryStatus.EXPIRED : DeliveryStatus.SENT, Instant.now()));
        }
        String deadToken = "dead-token-" + UUID.randomUUID();
        tokens.add(deadToken);
        TokenEnvelope dead = Events.publish(Events.reset(UUID.randomUUID(), Events.newEmail(), "Late", deadToken,
                Instant.now().minusSeconds(1)));
        List<Delivery> own = new ArrayList<>();
        events.forEach(event -> own.add(awaitStatus(event, DeliveryStatus.SENT)));
        Delivery expired = awaitStatus(Events.eventId(dead), DeliveryStatus.EXPIRED);
        own.add(expired);
        List<String> ownIds = own.stream().map(d -> d.id().toString()).toList();

        List<Map<String, Object>> all = pageThrough(null, 2, tokens);
        List<String> seen = ids(all);
        assertThat(seen).as("each row once").doesNotHaveDuplicates();
        assertThat(seen).containsAll(foreign.stream().map(UUID::toString).toList());
        assertThat(seen.stream().filter(ownIds::contains).toList()).as("this test's rows, newest first")
                .containsExactlyElementsOf(newestFirst(own));
        assertNewestFirst(all);

        List<Map<String, Object>> expiredOnes = pageThrough("expired", 2, tokens);
        assertThat(expiredOnes).extracting(row -> row.get("status")).containsOnly("expired");
        assertThat(ids(expiredOnes)).contains(expired.id().toString()).containsAll(foreignIds(foreign, 2, 4, 6))
                .doesNotContainAnyElementsOf(deliveryIds(own.subList(0, 5)));
        Map<String, Object> deadRow = byId(expiredOnes, expired.id());
        assertThat(deadRow).containsEntry("template", "password_reset").containsEntry("attempts", 0);
        assertThat(deadRow.get("next_attempt_at")).isNull();
        assertThat(deadRow.get("recipient")).isNotNull();
        assertNewestFirst(expiredOnes);

        List<Map<String, Object>> sent = pageThrough("sent", 2, tokens);
        assertThat(sent).extracting(row -> row.get("status")).containsOnly("sent");
        assertThat(ids(sent).stream().filter(ownIds::contains).toList()).containsExactlyElementsOf(newestFirst(own.subList(0, 5)));
        assertThat(ids(sent)).doesNotContain(expired.id().toString()).containsAll(foreignIds(foreign, 0, 3, 5));
        for (Delivery welcome : own.subList(0, 5)) {
            Map<String, Object> row = byId(sent, welcome.id());
            assertThat(row).containsEntry("template", "welcome").containsEntry("attempts", welcome.attempts());
            assertThat((Integer) row.get("attempts")).isPositive();
            assertThat(row.get("sent_at")).isNotNull();
            assertThat(row.get("last_error")).isNull();
        }

        List<Map<String, Object>> failed = pageThrough("failed", 200, tokens);
        assertThat(failed).extracting(row -> row.get("status")).containsOnly("failed");
        assertThat(ids(failed)).contains(foreign.get(1).toString()).doesNotContainAnyElementsOf(ownIds);
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
        List<UUID> foreign = List.of(insertForeign(DeliveryStatus.SENT, Instant.now().plus(Duration.ofHours(1))),
                insertForeign(DeliveryStatus.SENT, Instant.now().minus(Duration.ofHours(1))));
        List<Delivery> own = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            own.add(awaitStatus(Events.eventId(Events.publish(Events.welcome(UUID.randomUUID(), Events.newEmail(), "U", "t" + i,
                    Instant.now().plus(Duration.ofHours(1))))), DeliveryStatus.SENT));
        }
        // At least four rows: the first page of one has a cursor after it.
        var first = given().auth().oauth2(ADMIN).queryParam("limit", 1).get(PATH).then().statusCode(200).extract();
        String cursor = first.path("meta.next_cursor");
        assertThat(cursor).isNotNull();
        invalid(given().auth().oauth2(ADMIN).queryParam("status", "sent").queryParam("cursor", cursor).get(PATH).then(), "cursor");
        invalid(given().auth().oauth2(ADMIN).queryParam("status", "expired").queryParam("cursor", cursor).get(PATH).then(), "cursor");
        String sentCursor = given().auth().oauth2(ADMIN).queryParam("status", "sent").queryParam("limit", 1).get(PATH).then()
                .statusCode(200).extract().path("meta.next_cursor");
        assertThat(sentCursor).isNotNull();
        invalid(given().auth().oauth2(ADMIN).queryParam("cursor", sentCursor).get(PATH).then(), "cursor");

        // The unfiltered cursor goes on with the same listing, one row a page, to its end.
        List<String> seen = new ArrayList<>(first.jsonPath().getList("data.id"));
        String next = cursor;
        for (int page = 0; next != null; page++) {
            assertThat(page).as("the listing ends").isLessThan(10_000);
            var response = given().auth().oauth2(ADMIN).queryParam("limit", 1).queryParam("cursor", next).get(PATH).then()
                    .statusCode(200).body("data", hasSize(1)).extract();
            seen.addAll(response.jsonPath().getList("data.id"));
            next = response.path("meta.next_cursor");
        }
        List<String> ownIds = own.stream().map(d -> d.id().toString()).toList();
        assertThat(seen).doesNotHaveDuplicates().containsAll(foreign.stream().map(UUID::toString).toList());
        assertThat(seen.stream().filter(ownIds::contains).toList()).containsExactlyElementsOf(newestFirst(own));
    }

    /** Every page of the listing (all or of one status), checking each for tokens and links. */
    private static List<Map<String, Object>> pageThrough(String status, int limit, List<String> tokens) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String cursor = null;
        for (int page = 0; ; page++) {
            assertThat(page).as("the listing ends").isLessThan(10_000);
            var request = given().auth().oauth2(ADMIN).queryParam("limit", limit);
            if (status != null) {
                request.queryParam("status", status);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.get(PATH).then().statusCode(200).extract();
            String body = response.asString();
            tokens.forEach(token -> assertThat(body).doesNotContain(token));
            assertThat(body).doesNotContain("verify-email").doesNotContain("reset-password").doesNotContain("\"token\"");
            List<Map<String, Object>> data = response.jsonPath().getList("data");
            cursor = response.path("meta.next_cursor");
            assertThat(data).hasSizeLessThanOrEqualTo(limit);
            if (cursor != null) {
                assertThat(data).as("a page before the last is full").hasSize(limit);
            }
            rows.addAll(data);
            if (cursor == null) {
                return rows;
            }
        }
    }

    /** The listing's order, whatever rows it holds: created_at never grows from one row to the next. */
    private static void assertNewestFirst(List<Map<String, Object>> rows) {
        for (int i = 1; i < rows.size(); i++) {
            Instant before = Instant.parse((String) rows.get(i - 1).get("created_at"));
            Instant after = Instant.parse((String) rows.get(i).get("created_at"));
            assertThat(after).as("row %d after row %d", i, i - 1).isBeforeOrEqualTo(before);
        }
    }

    private static List<String> newestFirst(List<Delivery> deliveries) {
        return deliveries.stream().sorted(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id).reversed())
                .map(d -> d.id().toString()).toList();
    }

    private static List<String> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> (String) row.get("id")).toList();
    }

    private static List<String> foreignIds(List<UUID> ids, int... positions) {
        return java.util.Arrays.stream(positions).mapToObj(i -> ids.get(i).toString()).toList();
    }

    private static List<String> deliveryIds(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.id().toString()).toList();
    }

    private static Map<String, Object> byId(List<Map<String, Object>> rows, UUID id) {
        return rows.stream().filter(row -> id.toString().equals(row.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + id));
    }

    /** A final row of someone else's, recorded at {@code createdAt}, straight into the log. */
    private UUID insertForeign(DeliveryStatus status, Instant createdAt) {
        Instant at = createdAt.truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        Delivery row = new Delivery(id, UUID.randomUUID(), MailKind.VERIFY_EMAIL, UUID.randomUUID(), Events.newEmail(), "Someone", null,
                at.plus(Duration.ofHours(1)), Map.of(), status, 1, status == DeliveryStatus.SENT ? null : "earlier trouble", null,
                at.plus(Duration.ofHours(24)), at, at, status == DeliveryStatus.SENT ? at : null);
        assertThat(deliveries.insertIfAbsent(row)).isTrue();
        return id;
    }

    private static void invalid(ValidatableResponse response, String field) {
        response.statusCode(422).body("error", equalTo("validation_error")).body("details." + field, notNullValue());
    }
}
