package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.ProjectEvents.fileUpserted;
import static dev.orchestra.sync.support.ProjectEvents.origin;
import static dev.orchestra.sync.support.ProjectEvents.publish;
import static dev.orchestra.sync.support.ProjectEvents.staleRejection;
import static dev.orchestra.sync.support.SyncApi.pull;
import static dev.orchestra.sync.support.SyncApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.platform.testing.WebSocketClient;
import dev.orchestra.sync.support.ProjectEvents;
import dev.orchestra.sync.support.SyncApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The WebSocket: frames to the user's sockets, rejections to the origin device only, closes with 4401. */
@QuarkusTest
class LiveSocketTest {

    static WebSocketClient connect(String token, UUID device) {
        return SyncApi.socket(token, device);
    }

    static RequestSpecification upgrade() {
        return given().header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void changesReachEverySocketOfTheUserAndRejectionsOnlyTheOriginDevice() throws Exception {
        UUID user = UUID.randomUUID();
        UUID deviceA = UUID.randomUUID();
        UUID deviceB = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        try (WebSocketClient a = connect(token(user), deviceA); WebSocketClient b = connect(token(user), deviceB);
             WebSocketClient other = connect(token(stranger), UUID.randomUUID())) {
            publish(fileUpserted(user, file, project, "src/a.txt", 1, origin(deviceA, 1)));
            for (WebSocketClient socket : new WebSocketClient[] {a, b}) {
                JsonNode frame = socket.await("changes");
                assertThat(frame.get("from_seq").asLong()).isEqualTo(1);
                assertThat(frame.get("to_seq").asLong()).isEqualTo(1);
                assertThat(frame.get("changes")).hasSize(1);
                assertThat(frame.get("changes").get(0).get("entity_id").asText()).isEqualTo(file.toString());
                assertThat(frame.get("changes").get(0).get("data").get("path").asText()).isEqualTo("src/a.txt");
                assertThat(frame.get("cursor").asText()).isNotBlank();
            }
            // The frame's cursor is the device's own: pulling with it finds nothing new.
            String frameCursor = b.history().stream().filter(f -> f.get("type").asText().equals("changes")).findFirst()
                    .orElseThrow().get("cursor").asText();
            pull(token(user), deviceB, frameCursor).statusCode(200).body("data.changes.size()", equalTo(0))
                    .body("data.rejected.size()", equalTo(0));

            publish(staleRejection(user, file, project, origin(deviceA, 2), 1));
            JsonNode rejected = a.await("rejected");
            assertThat(rejected.get("rejected")).hasSize(1);
            assertThat(rejected.get("rejected").get(0).get("mutation_id").asLong()).isEqualTo(2);
            assertThat(rejected.get("rejected").get(0).get("reason").asText()).isEqualTo("stale_version");
            // A's next changes frame does not move its cursor past a rejection no pull has handed out:
            // pulling with that frame's cursor still lists it.
            publish(fileUpserted(user, file, project, "src/b.txt", 2, null));
            JsonNode next = b.await("changes");
            assertThat(next.get("from_seq").asLong()).isEqualTo(2);
            JsonNode nextOnA = a.await("changes");
            pull(token(user), deviceA, nextOnA.get("cursor").asText()).statusCode(200)
                    .body("data.rejected.mutation_id", equalTo(java.util.List.of(2)));
            // B was never sent a rejected frame, at any time.
            assertThat(b.history()).noneSatisfy(f -> assertThat(f.get("type").asText()).isEqualTo("rejected"));
            assertThat(a.history()).filteredOn(f -> f.get("type").asText().equals("rejected")).hasSize(1);
            // Another user's socket saw none of it: only its own account frame, sent as it opened.
            JsonNode opening = other.next(Duration.ofMillis(500));
            assertThat(opening).isNotNull();
            assertThat(opening.get("type").asText()).isEqualTo("account");
            assertThat(other.next(Duration.ofMillis(500))).isNull();
            assertThat(other.history()).extracting(f -> f.get("type").asText()).containsExactly("account");
        }
    }

    @Test
    void revokedSessionsAndDeletedUsersHaveTheirSocketsClosedWith4401() throws Exception {
        UUID user = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        try (WebSocketClient closing = connect(Tokens.forUser(user).session(revoked).sign(), UUID.randomUUID());
             WebSocketClient staying = connect(Tokens.forUser(user).session(kept).sign(), UUID.randomUUID())) {
            ProjectEvents.sessionsRevoked(user, revoked);
            assertThat(closing.awaitClose()).isEqualTo(4401);
            // The closed device cannot come back with the same, unexpired token.
            upgrade().auth().oauth2(Tokens.forUser(user).session(revoked).sign()).queryParam("device_id", UUID.randomUUID().toString())
                    .get("/ws").then().statusCode(401);
            publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "still.txt", 1, null));
            assertThat(staying.await("changes")).isNotNull();
            assertThat(staying.isClosed()).isFalse();
        }
        UUID deleted = UUID.randomUUID();
        try (WebSocketClient one = connect(token(deleted), UUID.randomUUID()); WebSocketClient two = connect(token(deleted), UUID.randomUUID())) {
            ProjectEvents.userDeleted(deleted);
            assertThat(one.awaitClose()).isEqualTo(4401);
            assertThat(two.awaitClose()).isEqualTo(4401);
        }
    }

    /**
     * An upgrade that passed the revocation check and registers only after the revocation's poke
     * went by: held between the two by a device row another transaction is inserting (the upgrade's
     * own insert waits for it), while the revocation is applied and its poke closes a witness socket.
     */
    @Test
    void anUpgradeRacingARevocationDoesNotStayOpen() throws Exception {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        UUID heldDevice = UUID.randomUUID();
        String revokedToken = Tokens.forUser(user).session(session).sign();
        try (WebSocketClient witness = connect(revokedToken, UUID.randomUUID());
             java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var insert = holder.prepareStatement("insert into devices (id, user_id, created_at) values (?, ?, now())")) {
                insert.setObject(1, heldDevice);
                insert.setObject(2, user);
                insert.executeUpdate();
            }
            var opening = java.util.concurrent.CompletableFuture.supplyAsync(() -> connect(revokedToken, heldDevice));
            // The upgrade is past its checks and waits on the device row.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::anInsertWaitsOnALock);
            ProjectEvents.sessionsRevoked(user, session);
            assertThat(witness.awaitClose()).isEqualTo(4401);
            holder.commit();
            try (WebSocketClient late = opening.get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                assertThat(late.awaitClose()).isEqualTo(4401);
                assertThat(late.history()).isEmpty();
            }
        }
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    boolean anInsertWaitsOnALock() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                     + "and query like 'insert into devices%' and datname = current_database()")) {
            try (var result = query.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        }
    }

    @Test
    void aSocketClosesWith4401WhenItsTokenExpires() throws Exception {
        String shortLived = Tokens.forUser(UUID.randomUUID()).expiresIn(Duration.ofSeconds(3)).sign();
        try (WebSocketClient socket = connect(shortLived, UUID.randomUUID())) {
            assertThat(socket.awaitClose()).isEqualTo(4401);
        }
    }

    @Test
    void upgradesWithoutATokenOrForAnotherUsersDeviceAreRefusedInTheEnvelope() throws Exception {
        UUID device = UUID.randomUUID();
        pull(token(UUID.randomUUID()), device, null).statusCode(200);
        upgrade().queryParam("device_id", device.toString()).get("/ws").then().statusCode(401).body("error", equalTo("unauthorized"));
        upgrade().auth().oauth2(token(UUID.randomUUID())).queryParam("device_id", device.toString()).get("/ws").then()
                .statusCode(404).body("error", equalTo("not_found"));
        upgrade().auth().oauth2(token(UUID.randomUUID())).queryParam("device_id", "nope").get("/ws").then()
                .statusCode(422).body("details.device_id", equalTo("Must be a UUID"));
        // A broken %-escape, sent as is (HTTP clients refuse to): refused as a bad request, never a 500.
        String answer = rawUpgrade("/ws?device_id=%zz", token(UUID.randomUUID()));
        assertThat(answer).matches("(?s)HTTP/1.1 4(00|22) .*");
    }

    /** An upgrade request written on a plain socket, exactly as given; the whole answer. */
    private static String rawUpgrade(String target, String token) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; (read = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.write(buffer, 0, read);
                    if (answer.toString(java.nio.charset.StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what came is the answer
            }
            return answer.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDeviceFirstSeenOnASocketIsThatUsersToo() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        try (WebSocketClient socket = connect(token(owner), device)) {
            dev.orchestra.sync.support.SyncApi.push(token(UUID.randomUUID()), device,
                    java.util.List.of(dev.orchestra.sync.support.SyncApi.fileCreate(1, UUID.randomUUID(), UUID.randomUUID(), "x")))
                    .statusCode(404);
            pull(token(UUID.randomUUID()), device, null).statusCode(404);
            pull(token(owner), device, null).statusCode(200);
        }
    }

    @Test
    void browsersCarryTheTokenInTheSubprotocol() throws Exception {
        UUID user = UUID.randomUUID();
        try (WebSocketClient socket = SyncApi.browserSocket(token(user), UUID.randomUUID())) {
            assertThat(socket.subprotocol()).isEqualTo("bearer-token-carrier");
            publish(fileUpserted(user, UUID.randomUUID(), UUID.randomUUID(), "browser.txt", 1, null));
            // The first frame after the account frame it opened with (pings are kept apart) is the change.
            JsonNode frame = socket.next(Duration.ofSeconds(30));
            while (frame != null && frame.path("type").asText().equals("account")) {
                frame = socket.next(Duration.ofSeconds(30));
            }
            assertThat(frame).isNotNull();
            assertThat(frame.path("type").asText()).isEqualTo("changes");
            assertThat(frame.toString()).contains("browser.txt");
        }
    }
}
