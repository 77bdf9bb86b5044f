package dev.orchestra.sync.api;

import static dev.orchestra.sync.support.BillingEvents.publish;
import static dev.orchestra.sync.support.BillingEvents.subscriptionChanged;
import static dev.orchestra.sync.support.SyncApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.platform.testing.WebSocketClient;
import dev.orchestra.proto.events.v1.AccountChanged;
import dev.orchestra.proto.events.v1.PokeEnvelope;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.sync.support.ProjectEvents;
import dev.orchestra.sync.support.SyncApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * billing-service's SubscriptionChanged → the user's account (highest subscription_version) → an
 * AccountChanged poke → {"type":"account",...} on every socket of the user; and the account frame
 * each socket gets as it opens.
 */
@QuarkusTest
class AccountFrameTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POKES_TOPIC = "test.sync.pokes.v1";
    /** Microseconds in the event; milliseconds in the frame. */
    private static final Instant PERIOD_END = Instant.parse("2027-01-25T10:15:30.123456Z");
    private static final String PERIOD_END_TEXT = "2027-01-25T10:15:30.123Z";

    @Inject
    AgroalDataSource dataSource;

    static WebSocketClient connect(String token) {
        return SyncApi.socket(token, UUID.randomUUID());
    }

    static ObjectNode frame(String plan, String status, boolean cancelAtPeriodEnd, String currentPeriodEnd) {
        ObjectNode frame = JSON.createObjectNode().put("type", "account").put("plan", plan);
        if (status == null) {
            frame.putNull("status");
        } else {
            frame.put("status", status);
        }
        frame.put("cancel_at_period_end", cancelAtPeriodEnd);
        if (currentPeriodEnd == null) {
            frame.putNull("current_period_end");
        } else {
            frame.put("current_period_end", currentPeriodEnd);
        }
        return frame;
    }

    /** What a socket is told when nothing is known of the user's subscription and the token says free. */
    static final ObjectNode NOTHING_KNOWN = frame("free", null, false, null);

    private static List<JsonNode> accountFrames(WebSocketClient socket) {
        return socket.history().stream().filter(f -> f.path("type").asText().equals("account")).toList();
    }

    private static List<Long> accountPokeVersions(TopicRecorder pokes, UUID user) {
        return pokes.records().stream().map(r -> parse(r.value()))
                .filter(p -> p.getUserId().equals(user.toString()) && p.hasAccountChanged())
                .map(p -> p.getAccountChanged().getSubscriptionVersion()).toList();
    }

    private static PokeEnvelope parse(byte[] value) {
        try {
            return PokeEnvelope.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private long processed(SubscriptionEnvelope event) {
        return TestDatabase.count(dataSource, "processed_events where consumer = 'sync-service' and event_id = '"
                + event.getEventId() + "'");
    }

    private long accountRows(UUID user, String condition) {
        return TestDatabase.count(dataSource, "accounts where user_id = '" + user + "'" + condition);
    }

    @Test
    void aSubscriptionChangeReachesEverySocketOfTheUserAsAnAccountFrame() throws Exception {
        UUID user = UUID.randomUUID();
        try (TopicRecorder pokes = TopicRecorder.of(POKES_TOPIC); WebSocketClient a = connect(token(user)); WebSocketClient b = connect(token(user));
             WebSocketClient other = connect(token(UUID.randomUUID()))) {
            for (WebSocketClient socket : List.of(a, b, other)) {
                assertThat(socket.await("account")).isEqualTo(NOTHING_KNOWN);
            }
            publish(subscriptionChanged(user, "pro", "active", false, PERIOD_END, 1));
            for (WebSocketClient socket : List.of(a, b)) {
                assertThat(socket.await("account")).isEqualTo(frame("pro", "active", false, PERIOD_END_TEXT));
            }
            // Through the broadcast every replica reads, keyed by the user, with its CloudEvents type.
            var poke = pokes.awaitEvent(PokeEnvelope.parser(), e -> e.envelope().getUserId().equals(user.toString())
                    && e.envelope().hasAccountChanged());
            assertThat(poke.ceType()).isEqualTo("dev.orchestra.sync.account_changed.v1");
            assertThat(poke.key()).isEqualTo(user.toString());
            assertThat(poke.envelope().getAccountChanged().getSubscriptionVersion()).isEqualTo(1);
            assertThat(EventCodec.instant(poke.envelope().getAccountChanged().getCurrentPeriodEnd())).isEqualTo(PERIOD_END);

            // A poke another replica published (a change it consumed) reaches this replica's sockets too.
            PokeEnvelope fromElsewhere = PokeEnvelope.newBuilder().setEventId(Ids.newId().toString())
                    .setOccurredAt(EventCodec.timestamp(Instant.now())).setUserId(user.toString())
                    .setAccountChanged(AccountChanged.newBuilder().setPlan("pro").setStatus("past_due").setSubscriptionVersion(2)).build();
            KafkaTestSupport.send(POKES_TOPIC, user.toString(), fromElsewhere.toByteArray(),
                    EventCodec.headers("sync.pokes.v1", fromElsewhere, "sync-service"));
            for (WebSocketClient socket : List.of(a, b)) {
                assertThat(socket.await("account")).isEqualTo(frame("pro", "past_due", false, null));
            }
            // Another user's socket got its own opening frame only.
            assertThat(other.history()).containsExactly(NOTHING_KNOWN);
        }
    }

    @Test
    void aSocketGetsTheCurrentAccountAsItsFirstFrame() throws Exception {
        UUID user = UUID.randomUUID();
        SubscriptionEnvelope changed = publish(subscriptionChanged(user, "pro", "past_due", true, PERIOD_END, 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> accountRows(user, " and subscription_version = 3") == 1);
        // The token's plan claim is stale: the account kept wins over it.
        try (WebSocketClient socket = connect(Tokens.forUser(user).plan("free").sign())) {
            JsonNode first = socket.await("account");
            assertThat(first).isEqualTo(frame("pro", "past_due", true, PERIOD_END_TEXT));
            assertThat(socket.history().get(0)).isEqualTo(first);
        }
        assertThat(processed(changed)).isEqualTo(1);
        // Nothing known of a user: the plan their token names, no status, no period.
        UUID unknown = UUID.randomUUID();
        try (WebSocketClient pro = connect(Tokens.forUser(unknown).plan("pro").sign());
             WebSocketClient free = connect(token(UUID.randomUUID()))) {
            assertThat(pro.await("account")).isEqualTo(frame("pro", null, false, null));
            assertThat(free.await("account")).isEqualTo(NOTHING_KNOWN);
            assertThat(pro.history().get(0).path("type").asText()).isEqualTo("account");
        }
    }

    @Test
    void anOlderOrEqualVersionChangesNothing() throws Exception {
        UUID user = UUID.randomUUID();
        try (TopicRecorder pokes = TopicRecorder.of(POKES_TOPIC); WebSocketClient socket = connect(token(user))) {
            assertThat(socket.await("account")).isEqualTo(NOTHING_KNOWN);
            publish(subscriptionChanged(user, "pro", "active", false, PERIOD_END, 2));
            assertThat(socket.await("account")).isEqualTo(frame("pro", "active", false, PERIOD_END_TEXT));
            // Late and duplicate versions (other event ids), then a newer one; one user's events are applied in order.
            SubscriptionEnvelope older = publish(subscriptionChanged(user, "free", "canceled", false, null, 1));
            SubscriptionEnvelope equal = publish(subscriptionChanged(user, "free", "unpaid", false, null, 2));
            publish(subscriptionChanged(user, "pro", "active", true, PERIOD_END, 3));
            assertThat(socket.await("account")).isEqualTo(frame("pro", "active", true, PERIOD_END_TEXT));

            assertThat(processed(older)).isEqualTo(1);
            assertThat(processed(equal)).isEqualTo(1);
            assertThat(accountFrames(socket)).containsExactly(NOTHING_KNOWN, frame("pro", "active", false, PERIOD_END_TEXT),
                    frame("pro", "active", true, PERIOD_END_TEXT));
            assertThat(accountRows(user, " and subscription_version = 3 and plan = 'pro' and cancel_at_period_end")).isEqualTo(1);
            pokes.await(r -> parse(r.value()).getAccountChanged().getSubscriptionVersion() == 3
                    && parse(r.value()).getUserId().equals(user.toString()), 1, Duration.ofSeconds(30));
            assertThat(accountPokeVersions(pokes, user)).containsExactly(2L, 3L);
        }
    }

    @Test
    void aRedeliveredEventHasOneEffect() throws Exception {
        UUID user = UUID.randomUUID();
        try (TopicRecorder pokes = TopicRecorder.of(POKES_TOPIC); WebSocketClient socket = connect(token(user))) {
            assertThat(socket.await("account")).isEqualTo(NOTHING_KNOWN);
            SubscriptionEnvelope changed = subscriptionChanged(user, "pro", "trialing", false, PERIOD_END, 1);
            publish(changed);
            publish(changed);
            publish(subscriptionChanged(user, "pro", "active", false, PERIOD_END, 2));
            assertThat(socket.await("account")).isEqualTo(frame("pro", "trialing", false, PERIOD_END_TEXT));
            assertThat(socket.await("account")).isEqualTo(frame("pro", "active", false, PERIOD_END_TEXT));

            assertThat(processed(changed)).isEqualTo(1);
            assertThat(accountFrames(socket)).hasSize(3);
            pokes.await(r -> parse(r.value()).getAccountChanged().getSubscriptionVersion() == 2
                    && parse(r.value()).getUserId().equals(user.toString()), 1, Duration.ofSeconds(30));
            assertThat(accountPokeVersions(pokes, user)).containsExactly(1L, 2L);
        }
    }

    @Test
    void aDeletedUsersAccountIsErasedAndLaterChangesDropped() throws Exception {
        UUID user = UUID.randomUUID();
        publish(subscriptionChanged(user, "pro", "active", false, PERIOD_END, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> accountRows(user, "") == 1);
        ProjectEvents.userDeleted(user);
        await().atMost(Duration.ofSeconds(30)).until(() -> accountRows(user, "") == 0
                && TestDatabase.count(dataSource, "deleted_users where user_id = '" + user + "'") == 1);
        SubscriptionEnvelope after = publish(subscriptionChanged(user, "pro", "active", true, PERIOD_END, 2));
        // Consumed (its inbox entry exists), and nothing of the user came back.
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(after) == 1);
        assertThat(accountRows(user, "")).isZero();
        assertThat(TestDatabase.count(dataSource, "user_logs where user_id = '" + user + "'")).isZero();
    }
}
