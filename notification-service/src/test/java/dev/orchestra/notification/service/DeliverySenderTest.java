package dev.orchestra.notification.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.domain.Subscription;
import dev.orchestra.notification.support.Events;
import dev.orchestra.notification.support.NotificationTest;
import dev.orchestra.notification.support.Profiles;
import dev.orchestra.notification.support.ReceivedMail;
import dev.orchestra.notification.support.SmtpWarmUp;
import dev.orchestra.notification.support.TestSmtp;
import dev.orchestra.platform.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sender, driven by hand: no sender threads run ({@link Profiles.SenderByHand}); the test calls
 * {@link DeliverySender#attemptNext()} and moves the clock, so every attempt, its time and its outcome
 * are the test's to see. The retry schedule is the shipped one (1 min, 5 min, 30 min, 2 h, then every
 * 6 h, for 24 h).
 */
@QuarkusTest
@TestProfile(Profiles.SenderByHand.class)
class DeliverySenderTest extends NotificationTest {

    private static final List<Duration> SHIPPED_BACKOFFS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6));
    private static final Duration WINDOW = Duration.ofHours(24);

    @Inject
    DeliverySender sender;

    @Inject
    DeliveryService deliveryService;

    @Inject
    TokenMails tokenMails;

    @Inject
    BillingMails billingMails;

    @Inject
    UserDirectory users;

    @Inject
    PreferencesService preferences;

    @Inject
    dev.orchestra.notification.repository.RecipientRepository recipients;

    @Inject
    dev.orchestra.notification.repository.PreferencesRepository preferenceRows;

    @Inject
    dev.orchestra.platform.security.Revocations revocations;

    @Inject
    MailComposer composer;

    @Inject
    dev.orchestra.notification.client.SmtpClient smtp;

    @Inject
    RetrySchedule schedule;

    // --- the schedule the sender really keeps (item: backoffs used, the last attempt, expired vs failed)

    @Test
    void aBillingMailIsTriedOnTheShippedScheduleForItsFull24HoursThenFailed() {
        String email = Events.newEmail();
        UUID user = registered(email);
        TestSmtp.refuse(email);
        UUID event = paymentFailed(user);
        Delivery recorded = row(event);
        assertThat(recorded.giveUpAt()).isEqualTo(recorded.createdAt().plus(WINDOW));

        List<Duration> waits = new ArrayList<>();
        Delivery last = retryUntilTheStop(event, waits);
        // 0, 1 min, 6 min, 36 min, 2 h 36, 8 h 36, 14 h 36, 20 h 36: each wait the shipped backoff; the
        // next would come at 26 h 36, so the last attempt is at the end of the window itself.
        assertThat(waits).containsExactlyElementsOf(SHIPPED_BACKOFFS);
        assertThat(last.attempts()).isEqualTo(8);
        assertThat(last.nextAttemptAt()).isEqualTo(last.giveUpAt());

        moveClockTo(last.giveUpAt());
        assertThat(sender.attemptNext()).isTrue();
        Delivery failed = row(event);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).as("the last attempt was made, then it failed").isEqualTo(9);
        assertThat(failed.updatedAt()).isAfterOrEqualTo(failed.giveUpAt());
        assertThat(failed.lastError()).isNotBlank();
        assertThat(failed.nextAttemptAt()).isNull();
        assertThat(sender.attemptNext()).isFalse();
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }

    @Test
    void theLastAttemptAtTheEndOfTheWindowReallySends() {
        String email = Events.newEmail();
        UUID user = registered(email);
        TestSmtp.refuse(email);
        UUID event = paymentFailed(user);
        Delivery last = retryUntilTheStop(event, new ArrayList<>());
        assertThat(last.nextAttemptAt()).isEqualTo(last.giveUpAt());

        TestSmtp.accept(email);
        SmtpWarmUp.warmUp(smtp);
        moveClockTo(last.giveUpAt());
        assertThat(sender.attemptNext()).isTrue();
        assertThat(row(event).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
    }

    @Test
    void aVerificationTokenOf24HoursEndsExpiredAtItsExpiryNotFailed() {
        String email = Events.newEmail();
        TestSmtp.refuse(email);
        // auth made the token a moment before this service recorded the mail: it dies just before the window ends
        Instant expiresAt = clock.instant().plus(WINDOW).minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        UUID event = welcome(UUID.randomUUID(), email, "token-24h", expiresAt);
        assertThat(row(event).giveUpAt()).isAfter(expiresAt);

        List<Duration> waits = new ArrayList<>();
        Delivery last = retryUntilTheStop(event, waits);
        assertThat(waits).containsExactlyElementsOf(SHIPPED_BACKOFFS);
        assertThat(last.attempts()).isEqualTo(8);
        assertThat(last.nextAttemptAt()).as("the last attempt is due when the token dies").isEqualTo(expiresAt);
        assertThat(last.status()).isEqualTo(DeliveryStatus.PENDING);

        moveClockTo(expiresAt);
        assertThat(sender.attemptNext()).isTrue();
        Delivery expired = row(event);
        assertThat(expired.status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(expired.attempts()).as("no attempt with a dead token").isEqualTo(8);
        assertThat(expired.token()).isNull();
        assertThat(expired.nextAttemptAt()).isNull();
        TestSmtp.accept(email);
        assertThat(sender.attemptNext()).isFalse();
        assertThat(TestSmtp.mailsTo(email)).isEmpty();
    }

    @Test
    void aShortLivedTokenIsTriedUntilItsExpiryThenExpired() {
        String email = Events.newEmail();
        TestSmtp.refuse(email);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        UUID event = reset(UUID.randomUUID(), email, "token-1h", expiresAt);

        List<Duration> waits = new ArrayList<>();
        Delivery last = retryUntilTheStop(event, waits);
        // 0, 1 min, 6 min, 36 min; the next would be at 2 h 36, after the token died: the last one is due at its expiry.
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30));
        assertThat(last.nextAttemptAt()).isEqualTo(expiresAt);

        moveClockTo(expiresAt);
        assertThat(sender.attemptNext()).isTrue();
        assertThat(row(event).status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(row(event).attempts()).isEqualTo(4);
    }

    @Test
    void aTokenThatOutlivesTheWindowGetsTheLastAttemptThenFailed() {
        String email = Events.newEmail();
        TestSmtp.refuse(email);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(48)).truncatedTo(ChronoUnit.MICROS);
        UUID event = reset(UUID.randomUUID(), email, "token-48h", expiresAt);

        Delivery last = retryUntilTheStop(event, new ArrayList<>());
        assertThat(last.nextAttemptAt()).isEqualTo(last.giveUpAt());
        moveClockTo(last.giveUpAt());
        assertThat(sender.attemptNext()).isTrue();
        Delivery failed = row(event);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(9);
        assertThat(failed.token()).isNull();
    }

    // --- rows that cannot be sent, and failures nobody planned for (item 5)

    @Test
    void aRowThatCannotBeReadIsFailedAtOnceAndTheOthersGoOn() throws Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Due before everything else: the sender meets them first.
        UUID unknownTemplate = insertRaw("newsletter", "{}", now.minusSeconds(60));
        UUID unreadableData = insertRaw(MailKind.PAYMENT_FAILED.id(), "[1, 2]", now.minusSeconds(50));
        String email = Events.newEmail();
        UUID good = reset(UUID.randomUUID(), email, "fine", now.plus(Duration.ofHours(1)));
        SmtpWarmUp.warmUp(smtp);

        assertThat(sender.attemptNext()).isTrue();
        assertThat(sender.attemptNext()).isTrue();
        assertThat(sender.attemptNext()).isTrue();
        assertThat(sender.attemptNext()).isFalse();

        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
        assertThat(row(good).status()).isEqualTo(DeliveryStatus.SENT);
        for (UUID id : List.of(unknownTemplate, unreadableData)) {
            assertThat(column(id, "status")).isEqualTo("failed");
            assertThat(column(id, "attempts")).isEqualTo("1");
            assertThat(column(id, "next_attempt_at")).isNull();
        }
        assertThat(column(unknownTemplate, "last_error")).startsWith("unreadable delivery").contains("newsletter");
        assertThat(column(unreadableData, "last_error")).startsWith("unreadable delivery").contains("template data");

        // The admin listing still shows such a row, as stored.
        String admin = Tokens.forUser(UUID.randomUUID()).groups("user", "admin").sign();
        given().auth().oauth2(admin).queryParam("status", "failed").queryParam("limit", 200)
                .get("/api/v1/admin/notifications/deliveries").then().statusCode(200)
                .body("data.find { it.id == '" + unknownTemplate + "' }.template", org.hamcrest.Matchers.equalTo("newsletter"));
    }

    @Test
    void aStatementThatFailsMidAttemptIsRecordedFromItsOwnTransactionAsARetry() throws Exception {
        String email = Events.newEmail();
        TestSmtp.refuse(email);
        UUID event = reset(UUID.randomUUID(), email, "t", clock.instant().plus(Duration.ofHours(1)));
        UUID id = row(event).id();
        // The retry's UPDATE is refused (as any statement can be): the attempt's transaction is rolled back.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create function test_refuse_update() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by the test'; end $$");
            statement.execute("create trigger test_refuse_update before update on deliveries for each row when (old.id = '" + id
                    + "' and new.last_error is distinct from old.last_error and new.last_error not like 'unexpected failure%') "
                    + "execute function test_refuse_update()");
        }
        try {
            assertThat(sender.attemptNext()).isTrue();
            Delivery recorded = row(event);
            assertThat(recorded.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(recorded.attempts()).isEqualTo(1);
            assertThat(recorded.lastError()).startsWith("unexpected failure").contains("refused by the test");
            assertThat(Duration.between(recorded.updatedAt(), recorded.nextAttemptAt())).isEqualTo(Duration.ofMinutes(1));
            assertThat(recorded.token()).as("kept for the retry").isEqualTo("t");
            // Not due again until then: the sender does not spin on it.
            assertThat(sender.attemptNext()).isFalse();
        } finally {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("drop trigger if exists test_refuse_update on deliveries");
                statement.execute("drop function if exists test_refuse_update()");
            }
        }
        TestSmtp.accept(email);
        SmtpWarmUp.warmUp(smtp);
        moveClockTo(row(event).nextAttemptAt());
        assertThat(sender.attemptNext()).isTrue();
        assertThat(row(event).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
    }

    // --- billing receipts re-checked when sending (item 6)

    @Test
    void billingNoticesQueuedBeforeReceiptsWereTurnedOffAreNotSent() {
        String email = Events.newEmail();
        UUID user = registered(email);
        UUID confirmed = subscription(user, "pro", false, 1);
        UUID ended = subscription(user, "free", false, 2);
        assertThat(row(confirmed).kind()).isEqualTo(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(row(ended).kind()).isEqualTo(MailKind.SUBSCRIPTION_ENDED);

        preferences.update(user, null, false);
        UUID failed = paymentFailed(user);
        SmtpWarmUp.warmUp(smtp);
        drain();

        for (UUID notice : List.of(confirmed, ended)) {
            Delivery skipped = row(notice);
            assertThat(skipped.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(skipped.lastError()).isEqualTo("billing receipts turned off");
            assertThat(skipped.attempts()).isZero();
            assertThat(skipped.sentAt()).isNull();
        }
        assertThat(row(failed).status()).as("payment-failed mails are transactional").isEqualTo(DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(email)).extracting(ReceivedMail::subject).containsExactly("Your Orchestra payment failed");
    }

    // --- claims (item 9: competing senders, the unique fallback)

    @Test
    void sendersCompetingForOneRowSendOneMail() throws Exception {
        String email = Events.newEmail();
        UUID event = reset(UUID.randomUUID(), email, "one", clock.instant().plus(Duration.ofHours(1)));
        SmtpWarmUp.warmUp(smtp);
        int senders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (TestSmtp.Stall slow = TestSmtp.stall(email)) {
            CyclicBarrier start = new CyclicBarrier(senders);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    return sender.attemptNext();
                }));
            }
            slow.awaitHeld();
            // The others skip the claimed row at once (nothing else is due), while the one that has it is still sending.
            await().atMost(PATIENCE).until(() -> attempts.stream().filter(Future::isDone).count() == senders - 1);
            assertThat(attempts.stream().filter(Future::isDone).map(DeliverySenderTest::result)).containsOnly(false);
            slow.release();
            await().atMost(PATIENCE).until(() -> attempts.stream().allMatch(Future::isDone));
            assertThat(attempts.stream().map(DeliverySenderTest::result).filter(Boolean::booleanValue)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestSmtp.mailsTo(email)).hasSize(1);
        Delivery sent = row(event);
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sender.attemptNext()).isFalse();
    }

    @Test
    void theSameEventRecordedTwiceOutsideTheInboxIsOneDelivery() throws Exception {
        UUID event = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String email = Events.newEmail();
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        Runnable record = () -> deliveryService.record(event, MailKind.PASSWORD_RESET, user, email, "Ada", "tok", expiresAt, Map.of());

        QuarkusTransaction.requiringNew().run(record);
        QuarkusTransaction.requiringNew().run(record);
        assertThat(deliveries.findByEvent(event)).hasSize(1);

        // Concurrently: the second insert waits for the first transaction, then does nothing.
        UUID concurrent = UUID.randomUUID();
        Runnable recordConcurrent = () -> deliveryService.record(concurrent, MailKind.PASSWORD_RESET, user, email, "Ada", "tok",
                expiresAt, Map.of());
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                recordConcurrent.run();
                inserted.countDown();
                waitFor(commit);
            }));
            assertThat(inserted.await(60, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> QuarkusTransaction.requiringNew().run(recordConcurrent));
            commit.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliveries.findByEvent(concurrent)).hasSize(1);

        SmtpWarmUp.warmUp(smtp);
        drain();
        assertThat(TestSmtp.mailsTo(email)).hasSize(2);
        assertThat(deliveries.findByUser(user)).extracting(Delivery::status).containsOnly(DeliveryStatus.SENT).hasSize(2);
    }

    // --- shutdown (item 3)

    @Test
    void onShutdownTheSenderClaimsNothingMoreAndWaitsForTheSendInFlight() throws Exception {
        String slowAddress = Events.newEmail();
        String otherAddress = Events.newEmail();
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        UUID inFlight = reset(UUID.randomUUID(), slowAddress, "a", expiresAt);
        Duration sendTimeout = Duration.ofSeconds(20);
        // A sender of its own, one thread, sweeping hourly; the same beans as the service's.
        SenderSignal ownSignal = new SenderSignal();
        DeliverySender own = new DeliverySender(deliveries, recipients, preferenceRows, revocations, composer, smtp, schedule,
                ownSignal, clock, true, 1, Duration.ofHours(1), sendTimeout);
        assertThat(own.shutdownWait()).isGreaterThan(sendTimeout);
        SmtpWarmUp.warmUp(smtp);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        UUID waiting;
        try (TestSmtp.Stall slow = TestSmtp.stall(slowAddress)) {
            own.start(null);
            awaitHeld(slow, inFlight, ownSignal);
            // Due while the only sender thread is busy with the held mail.
            waiting = reset(UUID.randomUUID(), otherAddress, "b", expiresAt);
            Future<?> stopping = pool.submit(() -> own.stop(null));
            // Longer than the 10 s a shutdown used to wait: the send is still in flight, and so is the stop.
            org.awaitility.Awaitility.await("stop waits for the send in flight").during(Duration.ofSeconds(11))
                    .atMost(Duration.ofSeconds(12)).until(() -> !stopping.isDone());
            slow.release();
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // When stop returned, the mail that was in flight was sent and marked; the next one was never claimed.
        assertThat(row(inFlight).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(TestSmtp.mailsTo(slowAddress)).hasSize(1);
        assertThat(row(waiting).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(row(waiting).attempts()).isZero();
        assertThat(TestSmtp.mailsTo(otherAddress)).isEmpty();
        // A stopped sender's attemptNext claims nothing.
        assertThat(own.attemptNext()).isFalse();
    }

    /**
     * Waits until the sender's mail is held by the server. A new connection that stalls before its
     * first SMTP command (see {@link SmtpWarmUp}) ends that attempt at the send timeout, and its retry
     * would wait for the clock and the hourly sweep: the test brings the retry forward instead.
     */
    private void awaitHeld(TestSmtp.Stall stall, UUID delivery, SenderSignal signal) {
        for (int attempt = 1; ; attempt++) {
            int attemptsBefore = row(delivery).attempts();
            await("the mail held by the server, or its attempt ended").atMost(Duration.ofSeconds(60))
                    .until(() -> stall.held() >= 1 || row(delivery).attempts() > attemptsBefore);
            if (stall.held() >= 1) {
                return;
            }
            assertThat(attempt).as("attempts that never reached the server").isLessThan(3);
            moveClockTo(row(delivery).nextAttemptAt());
            signal.wake();
        }
    }

    // --- helpers

    /**
     * Moves the clock to each next attempt and makes it, while the server refuses the mail, until the next one
     * would be the last (at the stop); collects each wait the sender chose (next attempt − attempt time).
     */
    private Delivery retryUntilTheStop(UUID event, List<Duration> waits) {
        assertThat(sender.attemptNext()).isTrue();
        Delivery row = row(event);
        for (int guard = 0; guard < 50; guard++) {
            assertThat(row.status()).isEqualTo(DeliveryStatus.PENDING);
            Instant stop = RetrySchedule.stop(row.expiresAt(), row.giveUpAt());
            if (row.nextAttemptAt().equals(stop)) {
                return row;
            }
            waits.add(Duration.between(row.updatedAt(), row.nextAttemptAt()));
            assertThat(sender.attemptNext()).as("not due before its time").isFalse();
            moveClockTo(row.nextAttemptAt());
            assertThat(sender.attemptNext()).isTrue();
            Delivery next = row(event);
            assertThat(next.attempts()).isEqualTo(row.attempts() + 1);
            row = next;
        }
        throw new AssertionError("no stop reached");
    }

    private void drain() {
        for (int i = 0; i < 100 && sender.attemptNext(); i++) {
            // each call makes one attempt
        }
    }

    private Delivery row(UUID event) {
        List<Delivery> rows = deliveries.findByEvent(event);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private UUID registered(String email) {
        UUID user = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> users.userChanged(new Recipient(user, email, "Grace", 1)));
        return user;
    }

    private UUID paymentFailed(UUID user) {
        UUID event = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> billingMails.paymentFailed(event, user, "in_1", 1999, "eur", null, ""));
        return event;
    }

    private UUID subscription(UUID user, String plan, boolean cancel, long version) {
        UUID event = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> billingMails.subscriptionChanged(event, user,
                new Subscription(plan, cancel, Instant.parse("2030-12-25T10:00:00Z"), version)));
        return event;
    }

    private UUID welcome(UUID user, String email, String token, Instant expiresAt) {
        UUID event = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> tokenMails.verificationRequested(event, user, true, email, "Ada", token, expiresAt));
        return event;
    }

    private UUID reset(UUID user, String email, String token, Instant expiresAt) {
        UUID event = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> tokenMails.passwordResetRequested(event, user, email, "Ada", token, expiresAt));
        return event;
    }

    /** A row as an older or newer version of the service might have left it. */
    private UUID insertRaw(String template, String data, Instant due) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into deliveries (id, event_id, template, user_id, data, status, attempts, next_attempt_at, give_up_at, "
                        + "created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, 'pending', 0, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, template);
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, data);
            insert.setTimestamp(6, Timestamp.from(due));
            insert.setTimestamp(7, Timestamp.from(due.plus(WINDOW)));
            insert.setTimestamp(8, Timestamp.from(due));
            insert.setTimestamp(9, Timestamp.from(due));
            insert.executeUpdate();
        }
        return id;
    }

    private String column(UUID id, String column) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select " + column + "::text from deliveries where id = ?")) {
            select.setObject(1, id);
            try (var rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static Boolean result(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
