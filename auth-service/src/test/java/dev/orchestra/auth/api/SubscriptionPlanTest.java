package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.Jwt;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** billing.subscriptions.v1 → the user's plan, the highest subscription version winning. */
@QuarkusTest
class SubscriptionPlanTest {

    static SubscriptionEnvelope changed(UUID user, String plan, long subscriptionVersion) {
        return SubscriptionEnvelope.newBuilder().setEventId(Ids.newId().toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now())).setUserId(user.toString())
                .setSubscriptionChanged(SubscriptionChanged.newBuilder().setPlan(plan).setStatus("active")
                        .setSubscriptionVersion(subscriptionVersion)
                        .setCurrentPeriodEnd(EventCodec.timestamp(Instant.now().plus(Duration.ofDays(30)))))
                .build();
    }

    static void publish(SubscriptionEnvelope event) {
        KafkaTestSupport.send("test.billing.subscriptions.v1", event.getUserId(), event.toByteArray(),
                EventCodec.headers("billing.subscriptions.v1", event, "billing-service"));
    }

    @Test
    void aSubscriptionChangeSetsThePlanAndNewTokensCarryIt() {
        Account account = registered();
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            publish(changed(account.id(), "pro", 3));
            var updated = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasUserUpdated());
            assertThat(updated.envelope().getUserUpdated().getUser().getPlan()).isEqualTo("pro");
            assertThat(updated.envelope().getUserUpdated().getUser().getVersion()).isEqualTo(2);
        }
        me(account.accessToken()).body("data.plan", equalTo("pro"));
        assertThat(Jwt.claims(refresh(account.refreshToken()).statusCode(200).extract().path("data.access_token")).get("plan").asText())
                .isEqualTo("pro");
    }

    @Test
    void olderAndRepeatedSubscriptionVersionsChangeNothing() {
        Account account = registered();
        SubscriptionEnvelope pro = changed(account.id(), "pro", 5);
        publish(pro);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> me(account.accessToken()).body("data.plan", equalTo("pro")));
        // An older version (a late "free"), the same version again, and the same event redelivered.
        publish(changed(account.id(), "free", 4));
        publish(changed(account.id(), "free", 5));
        publish(pro);
        // A newer one, after them on the same partition, shows they were all consumed.
        publish(changed(account.id(), "team", 6));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> me(account.accessToken()).body("data.plan", equalTo("team")));
        // registered (1), pro (2), team (3): the ignored events made no version.
        me(account.accessToken()).header("ETag", "\"3\"");
    }
}
