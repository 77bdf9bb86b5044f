package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.SyncApi.fileCreate;
import static dev.orchestra.sync.support.SyncApi.pull;
import static dev.orchestra.sync.support.SyncApi.push;
import static dev.orchestra.sync.support.SyncApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushTest {

    @Test
    void acceptedMutationsBecomeOneMutationSubmittedEachAndARepeatedPushAddsNothing() throws Exception {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        List<Map<String, Object>> mutations = List.of(
                new HashMap<>(Map.of("id", 1, "entity", "project", "op", "create", "entity_id", project.toString(),
                        "data", Map.of("name", "Demo", "settings", Map.of("tabs", List.of(1, 2))))),
                fileCreate(2, file, project, "src/main.rs"));
        try (var submitted = TopicRecorder.of("test.sync.mutations.v1")) {
            push(token(user), device, mutations).statusCode(202).body("data.last_submitted_mutation_id", equalTo(2));
            var events = submitted.await(r -> r.key().equals(user.toString()), 2, Duration.ofSeconds(30));
            var first = MutationEnvelope.parseFrom(events.get(0).value()).getMutationSubmitted();
            var second = MutationEnvelope.parseFrom(events.get(1).value()).getMutationSubmitted();
            assertThat(dev.orchestra.platform.messaging.EventCodec.header(events.get(0).headers(), "ce_type"))
                    .isEqualTo("dev.orchestra.sync.mutation_submitted.v1");
            assertThat(first.getOrigin().getDeviceId()).isEqualTo(device.toString());
            assertThat(first.getOrigin().getMutationId()).isEqualTo(1);
            assertThat(first.getEntity()).isEqualTo(EntityType.ENTITY_TYPE_PROJECT);
            assertThat(first.getOp()).isEqualTo(Operation.OPERATION_CREATE);
            assertThat(first.hasBaseVersion()).isFalse();
            assertThat(new ObjectMapper().readTree(first.getDataJson()))
                    .isEqualTo(new ObjectMapper().readTree("{\"name\":\"Demo\",\"settings\":{\"tabs\":[1,2]}}"));
            assertThat(second.getEntity()).isEqualTo(EntityType.ENTITY_TYPE_FILE);
            assertThat(second.getEntityId()).isEqualTo(file.toString());

            // The same push again (a lost answer, retried): acknowledged, nothing new published.
            push(token(user), device, mutations).statusCode(202).body("data.last_submitted_mutation_id", equalTo(2));
            // And a push overlapping the last one: only the new mutation goes out.
            var third = new HashMap<>(Map.<String, Object>of("id", 3, "entity", "file", "op", "update", "entity_id", file.toString(),
                    "base_version", 1, "data", Map.of("content", "v2")));
            push(token(user), device, List.of(mutations.get(1), third)).statusCode(202).body("data.last_submitted_mutation_id", equalTo(3));
            // A fourth mutation, on the same partition after them: once it is there, anything the repeated
            // pushes had wrongly published would be too.
            push(token(user), device, List.of(fileCreate(4, UUID.randomUUID(), project, "marker.txt"))).statusCode(202);
            var all = submitted.await(r -> r.key().equals(user.toString()), 4, Duration.ofSeconds(30));
            List<Long> ids = new java.util.ArrayList<>();
            for (var record : all) {
                ids.add(MutationEnvelope.parseFrom(record.value()).getMutationSubmitted().getOrigin().getMutationId());
            }
            assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
            var update = MutationEnvelope.parseFrom(all.get(2).value()).getMutationSubmitted();
            assertThat(update.getOrigin().getMutationId()).isEqualTo(3);
            assertThat(update.getBaseVersion()).isEqualTo(1);
        }
    }

    @Test
    void theDataTravelsOnExactlyAsPushed() throws Exception {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        // Multi-byte text and escapes before and inside each object: it is copied by its bytes, not re-serialised.
        String first = "{ \"name\" : \"Démo ✓ 😀\", \"ratio\": 1.10, \"big\": 12345678901234567890123, \"e\": 1E+2 }";
        String second = "{\"path\":\"caf\\u00e9\\/x\",\n  \"settings\": {\"z\": 1, \"a\": [0.50, -0.0]}}";
        String body = "{\"device_id\": \"" + device + "\", \"mutations\": [{\"id\": 1, \"entity\": \"project\", \"op\": \"create\", "
                + "\"entity_id\": \"" + UUID.randomUUID() + "\", \"data\": " + first + "}, {\"data\": " + second + ", \"id\": 2, "
                + "\"entity\": \"project\", \"op\": \"create\", \"entity_id\": \"" + UUID.randomUUID() + "\"}]}";
        try (var submitted = TopicRecorder.of("test.sync.mutations.v1")) {
            given().auth().oauth2(token(user)).contentType("application/json; charset=utf-8").body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/sync/push").then().statusCode(202);
            var records = submitted.await(r -> r.key().equals(user.toString()), 2, java.time.Duration.ofSeconds(30));
            assertThat(records).extracting(r -> MutationEnvelope.parseFrom(r.value()).getMutationSubmitted().getDataJson())
                    .containsExactly(first, second);
        }
    }

    @Test
    void dataOutsideTheJsonRulesIsRefusedAtThePushNamingTheField() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        for (String hostile : new String[] {"1e200000", "1e-20000", "1e-5000", "1e309", "1" + "1".repeat(100)}) {
            String body = "{\"device_id\": \"" + device + "\", \"mutations\": [{\"id\": 1, \"entity\": \"project\", \"op\": \"create\", "
                    + "\"entity_id\": \"" + UUID.randomUUID() + "\", \"data\": {\"name\": \"n\", \"settings\": {\"n\": " + hostile + "}}}]}";
            given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(body).post("/api/v1/sync/push").then().statusCode(422)
                    .body("error", equalTo("validation_error"))
                    .body("details.'mutations.0.data.settings.n'", equalTo(dev.orchestra.platform.json.JsonNumbers.MESSAGE));
        }
        String duplicate = "{\"device_id\": \"" + device + "\", \"mutations\": [{\"id\": 1, \"entity\": \"project\", \"op\": \"create\", "
                + "\"entity_id\": \"" + UUID.randomUUID() + "\", \"data\": {\"name\": \"a\", \"name\": \"b\"}}]}";
        given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(duplicate).post("/api/v1/sync/push").then().statusCode(422)
                .body("error", equalTo("validation_error"));
        // Nothing was taken: mutation 1 is still the next one.
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"))).statusCode(202)
                .body("data.last_submitted_mutation_id", equalTo(1));
    }

    @Test
    void aGapIs409NamingTheExpectedIdAndAcceptsNothing() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        push(token(user), device, List.of(fileCreate(2, UUID.randomUUID(), UUID.randomUUID(), "a"))).statusCode(409)
                .body("error", equalTo("conflict")).body("details.expected_mutation_id", equalTo(1));
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"),
                fileCreate(3, UUID.randomUUID(), UUID.randomUUID(), "b"))).statusCode(409)
                .body("details.expected_mutation_id", equalTo(2));
        // Nothing of the refused pushes was taken: 1 is still expected.
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"))).statusCode(202)
                .body("data.last_submitted_mutation_id", equalTo(1));
        push(token(user), device, List.of()).statusCode(202).body("data.last_submitted_mutation_id", equalTo(1));
    }

    @Test
    void aMalformedMutationRefusesTheWholePush() {
        UUID user = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        List<Map<String, Object>> mutations = new ArrayList<>();
        mutations.add(fileCreate(1, UUID.randomUUID(), project, "ok.txt"));
        mutations.add(new HashMap<>(Map.of("id", 2, "entity", "folder", "op", "rename", "entity_id", "nope")));
        mutations.add(new HashMap<>(Map.of("entity", "file", "op", "create", "entity_id", UUID.randomUUID().toString())));
        mutations.add(new HashMap<>(Map.of("id", 4, "entity", "file", "op", "update", "entity_id", UUID.randomUUID().toString(),
                "base_version", "three", "data", List.of(1))));
        push(token(user), device, mutations).statusCode(422).body("error", equalTo("validation_error"))
                .body("details.'mutations.1.entity'", equalTo("Must be project or file"))
                .body("details.'mutations.1.op'", equalTo("Must be create, update or delete"))
                .body("details.'mutations.1.entity_id'", equalTo("Must be a UUID"))
                .body("details.'mutations.2.id'", equalTo("Must be a whole number from 1"))
                .body("details.'mutations.3.base_version'", equalTo("Must be a whole number from 1"))
                .body("details.'mutations.3.data'", equalTo("Must be an object"));
        // Not even the valid first mutation was taken: 1 is still the one expected.
        push(token(user), device, List.of(fileCreate(2, UUID.randomUUID(), project, "ok.txt"))).statusCode(409)
                .body("details.expected_mutation_id", equalTo(1));
        push(token(user), device, List.of(fileCreate(1, UUID.randomUUID(), project, "ok.txt"))).statusCode(202)
                .body("data.last_submitted_mutation_id", equalTo(1));
        given().auth().oauth2(token(user)).contentType(ContentType.JSON).body("{\"device_id\": \"x\", \"mutations\": []}")
                .post("/api/v1/sync/push").then().statusCode(422).body("details", hasKey("device_id"));
        given().auth().oauth2(token(user)).contentType(ContentType.JSON).body("{\"device_id\": \"" + device + "\"}")
                .post("/api/v1/sync/push").then().statusCode(422).body("details", hasKey("mutations"));
        given().auth().oauth2(token(user)).contentType(ContentType.JSON)
                .body("{\"device_id\": \"" + device + "\", \"mutations\": [{\"id\": 2, \"entity\": \"file\", \"op\": \"create\", "
                        + "\"entity_id\": \"" + UUID.randomUUID() + "\", \"data\": {\"path\": \"a\\u0000b\"}}]}")
                .post("/api/v1/sync/push").then().statusCode(422).body("details", hasKey("mutations.0.data.path"));
    }

    @Test
    void aMalformedPullIs422NamingDeviceIdBeforeCursorWhateverTheirOrder() {
        String token = token(UUID.randomUUID());
        String device = UUID.randomUUID().toString();
        for (String body : List.of("{\"device_id\": 5}", "{\"cursor\": 5, \"device_id\": \"x\"}", "{\"cursor\": null}",
                "{\"device_id\": [\"" + device + "\"], \"cursor\": {}}")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/sync/pull").then().statusCode(422)
                    .body("error", equalTo("validation_error")).body("details.device_id", equalTo("Must be a UUID"))
                    .body("details.size()", equalTo(1));
        }
        for (String cursor : List.of("5", "true", "{}", "[\"a\"]")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"cursor\": " + cursor + ", \"device_id\": \"" + device + "\"}").post("/api/v1/sync/pull").then().statusCode(422).body("details.cursor", equalTo("Must be a string or null"))
                    .body("details.size()", equalTo(1));
        }
        String duplicated = "{\"device_id\": \"" + device + "\", \"device_id\": \"" + device + "\"}";
        for (String body : List.of("[]", "\"text\"", "null", duplicated)) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/sync/pull").then().statusCode(422)
                    .body("details", hasKey("body"));
        }
        // Unknown fields are ignored; an absent cursor is a snapshot.
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"device_id\": \"" + device + "\", \"extra\": [1]}")
                .post("/api/v1/sync/pull").then().statusCode(200).body("data.has_more", equalTo(false));
    }

    @Test
    void aPullBodyOver16KibibytesIs413() {
        given().auth().oauth2(token(UUID.randomUUID())).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"device_id\": \"" + UUID.randomUUID() + "\", \"cursor\": \"" + "c".repeat(17 * 1024) + "\"}")
                .post("/api/v1/sync/pull").then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void moreThan500MutationsOr2MiBIs413() {
        UUID user = UUID.randomUUID();
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 501; i++) {
            many.add(fileCreate(i, UUID.randomUUID(), UUID.randomUUID(), "f" + i));
        }
        push(token(user), UUID.randomUUID(), many).statusCode(413).body("error", equalTo("payload_too_large"));
        push(token(user), UUID.randomUUID(), many.subList(0, 500)).statusCode(202).body("data.last_submitted_mutation_id", equalTo(500));
        Map<String, Object> big = fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "big.txt");
        ((Map<String, Object>) big.get("data")).put("content", "x".repeat(2 * 1024 * 1024));
        push(token(user), UUID.randomUUID(), List.of(big)).statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void aDeviceBelongsToItsFirstUserAnyoneElseGets404() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        pull(token(owner), device, null).statusCode(200);
        push(token(other), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"))).statusCode(404)
                .body("error", equalTo("not_found"));
        pull(token(other), device, null).statusCode(404).body("error", equalTo("not_found"));
        push(token(owner), device, List.of(fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "a"))).statusCode(202);
    }

    @Test
    void withoutATokenNothingIsReachable() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/sync/push").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
    }
}
