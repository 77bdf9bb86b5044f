package dev.orchestra.billing.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.net.Webhook;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.platform.testing.TestDatabase;
import dev.orchestra.platform.testing.Tokens;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import dev.orchestra.proto.events.v1.UserUpdated;
import dev.orchestra.stripelocal.LocalStripe;
import dev.orchestra.stripelocal.Outcome;
import dev.orchestra.stripelocal.SentEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What this service's tests share: the local Stripe (started once for the run, reset before each
 * test, its webhooks pointed at this service), an empty schema before each test, users made through
 * {@code auth.users.v1}, and helpers to call the API, deliver signed events and look at the tables.
 * Tests use fresh random users, so they never see each other's rows. Waits are generous bounds on an
 * outcome, never assertions on timing.
 */
@WithTestResource(value = LocalStripeResource.class, scope = TestResourceScope.GLOBAL)
public abstract class BillingTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final String PRICE_MONTH = "price_orchestra_pro_month";
    protected static final String PRICE_YEAR = "price_orchestra_pro_year";
    /** The Stripe event types the service applies. */
    protected static final Set<String> HANDLED = Set.of("checkout.session.completed", "customer.subscription.created",
            "customer.subscription.updated", "customer.subscription.deleted", "invoice.finalized", "invoice.paid",
            "invoice.payment_failed", "invoice.voided");

    /** A user as auth-service announced them. */
    public record Person(UUID id, String email, String name) {
    }

    @Inject
    protected AgroalDataSource dataSource;

    @TestHTTPResource("/webhooks/stripe")
    protected URL webhookUrl;

    protected LocalStripe stripe;

    @BeforeEach
    void cleanStart() {
        stripe = LocalStripeResource.stripe();
        stripe.clearFaults();
        stripe.webhookUrl(webhookUrl.toString());
        // TRUNCATE of every table can deadlock with a worker or consumer transaction still at work
        // (PostgreSQL then aborts one of them): until it goes through.
        await("a clean database").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .ignoreException(IllegalStateException.class).until(() -> {
                    TestDatabase.clean(dataSource);
                    return true;
                });
        stripe.reset();
        stripe.webhookUrl(webhookUrl.toString());
    }

    @AfterEach
    void stripeHealthy() {
        stripe.clearFaults();
    }

    // ---- users -------------------------------------------------------------------------------------------

    /** A new user, registered on auth.users.v1 and known to this service. */
    protected Person registered() {
        UUID id = UUID.randomUUID();
        Person person = new Person(id, "user-" + id + "@example.com", "Ada " + id.toString().substring(0, 8));
        awaitConsumed(publish(users(id).setUserRegistered(UserRegistered.newBuilder().setUser(state(person, 1))).build()));
        return person;
    }

    protected UserEnvelope userUpdated(Person person, long version) {
        return publish(users(person.id()).setUserUpdated(UserUpdated.newBuilder().setUser(state(person, version))).build());
    }

    protected UserEnvelope userDeleted(UUID user) {
        return publish(users(user).setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(Instant.now()))).build());
    }

    protected static UserEnvelope publish(UserEnvelope event) {
        KafkaTestSupport.send(LocalStripeResource.USERS_TOPIC, event.getUserId(), event.toByteArray(),
                EventCodec.headers("auth.users.v1", event, "auth-service"));
        return event;
    }

    /** Until this service's users consumer has committed the event's effect (its inbox entry). */
    protected void awaitConsumed(UserEnvelope event) {
        String id = event.getEventId();
        await().atMost(WAIT).until(() -> count("processed_events where consumer = 'billing-service' and event_id = '" + id + "'") == 1);
    }

    private static UserEnvelope.Builder users(UUID user) {
        return UserEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(user.toString());
    }

    private static User state(Person person, long version) {
        Instant now = Instant.now();
        return User.newBuilder().setId(person.id().toString()).setEmail(person.email()).setName(person.name()).setPlan("free")
                .setSettingsJson("{}").setCreatedAt(EventCodec.timestamp(now)).setUpdatedAt(EventCodec.timestamp(now))
                .setVersion(version).build();
    }

    // ---- the API -----------------------------------------------------------------------------------------

    protected static String token(UUID user) {
        return Tokens.forUser(user).sign();
    }

    protected static ValidatableResponse checkout(UUID user, String body) {
        return given().header("Authorization", "Bearer " + token(user)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/billing/checkout").then();
    }

    protected static ValidatableResponse checkout(UUID user, String plan, String interval) {
        return checkout(user, "{\"plan\":\"" + plan + "\",\"interval\":\"" + interval + "\"}");
    }

    protected static ValidatableResponse portal(UUID user) {
        return given().header("Authorization", "Bearer " + token(user)).post("/api/v1/billing/portal").then();
    }

    protected static ValidatableResponse subscription(UUID user) {
        return given().header("Authorization", "Bearer " + token(user)).get("/api/v1/billing/subscription").then();
    }

    protected static ValidatableResponse invoices(UUID user, String query) {
        return given().header("Authorization", "Bearer " + token(user)).get("/api/v1/billing/invoices" + query).then();
    }

    /** A checkout session of the user (201), its id. */
    protected static String startCheckout(UUID user, String interval) {
        return checkout(user, "pro", interval).statusCode(201).extract().path("data.session_id");
    }

    /** The user pays a monthly checkout on Stripe's page; returns what Stripe did. */
    protected Outcome subscribe(Person person) {
        return stripe.pay(startCheckout(person.id(), "month"));
    }

    /** Subscribes and waits until every handled event of the payment was applied: the plan is pro. */
    protected Outcome subscribed(Person person) {
        Outcome paid = subscribe(person);
        awaitSettled(paid);
        awaitAccount(person.id(), account -> "pro".equals(account.get("plan")));
        return paid;
    }

    // ---- Stripe events -----------------------------------------------------------------------------------

    /** The handled ones of these Stripe events. */
    protected List<String> handled(List<String> eventIds) {
        return eventIds.stream().filter(id -> HANDLED.contains(stripe.event(id).orElseThrow().type())).toList();
    }

    protected String type(String eventId) {
        return stripe.event(eventId).orElseThrow().type();
    }

    /** Until every handled event of what Stripe did has been received and applied (or ignored). */
    protected void awaitSettled(Outcome outcome) {
        awaitSettled(handled(outcome.events()));
    }

    protected void awaitSettled(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        String ids = String.join("','", eventIds);
        await().atMost(WAIT).until(() -> count("stripe_events where id in ('" + ids + "') and status <> 'pending'") == eventIds.size());
    }

    /** The event's JSON as Stripe sends it. */
    protected String payload(String eventId) {
        return stripe.event(eventId).orElseThrow().payload();
    }

    /** Delivers a payload to the webhook, signed now with the test secret, as Stripe would. */
    protected static ValidatableResponse deliver(String payload) {
        return deliver(payload, signature(payload, Instant.now()));
    }

    protected static ValidatableResponse deliver(String payload, String signature) {
        var request = given().contentType("application/json; charset=utf-8").body(payload);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.post("/webhooks/stripe").then();
    }

    protected static String signature(String payload, Instant at) {
        return signature(payload, at, LocalStripe.TEST_ONLY_WEBHOOK_SECRET);
    }

    protected static String signature(String payload, Instant at, String secret) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, at.getEpochSecond());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events Stripe made for this outcome, of this type. */
    protected String eventOf(Outcome outcome, String type) {
        return outcome.events().stream().filter(id -> type(id).equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + outcome.events()));
    }

    protected StripeClient stripeClient() {
        return StripeClient.builder().setApiKey(stripe.apiKey()).setApiBase(stripe.baseUrl()).build();
    }

    protected List<SentEvent> stripeEvents() {
        return stripe.events();
    }

    // ---- what was published --------------------------------------------------------------------------------

    protected static TopicRecorder subscriptionsTopic() {
        return TopicRecorder.of(LocalStripeResource.SUBSCRIPTIONS_TOPIC);
    }

    /** The user's envelopes recorded so far, in order. */
    protected static List<SubscriptionEnvelope> published(TopicRecorder recorder, UUID user) {
        List<SubscriptionEnvelope> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : recorder.records()) {
            if (user.toString().equals(record.key())) {
                try {
                    events.add(SubscriptionEnvelope.parseFrom(record.value()));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return events;
    }

    /** Waits until the user's recorded envelopes match, and returns them all. */
    protected static List<SubscriptionEnvelope> awaitPublished(TopicRecorder recorder, UUID user,
                                                               Predicate<List<SubscriptionEnvelope>> match) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> published(recorder, user), match);
    }

    /** Until the outbox is empty: everything committed so far is on Kafka. */
    protected void awaitOutboxDrained() {
        await().atMost(WAIT).until(() -> count("outbox") == 0);
    }

    // ---- the tables --------------------------------------------------------------------------------------

    protected Map<String, Object> account(UUID user) {
        List<Map<String, Object>> rows = rows("select * from accounts where user_id = ?", user);
        return rows.isEmpty() ? null : rows.get(0);
    }

    protected Map<String, Object> awaitAccount(UUID user, Predicate<Map<String, Object>> match) {
        return await().atMost(WAIT).until(() -> account(user), account -> account != null && match.test(account));
    }

    protected long count(String fromWhere) {
        return TestDatabase.count(dataSource, fromWhere);
    }

    /** Rows of a query, each as column -> value. */
    protected List<Map<String, Object>> rows(String sql, Object... parameters) {
        return TestDatabase.rows(dataSource, sql, parameters);
    }

    /** The metrics endpoint's value of one series (0 when absent). */
    protected static double metric(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }
}
