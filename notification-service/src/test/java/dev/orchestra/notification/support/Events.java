package dev.orchestra.notification.support;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.testing.KafkaTestSupport;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import dev.orchestra.proto.events.v1.PasswordResetRequested;
import dev.orchestra.proto.events.v1.PaymentFailed;
import dev.orchestra.proto.events.v1.SubscriptionChanged;
import dev.orchestra.proto.events.v1.SubscriptionEnvelope;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import dev.orchestra.proto.events.v1.UserUpdated;
import java.time.Instant;
import java.util.UUID;

/**
 * The events this service consumes, made and published the way their producers do: keyed by user
 * id, with CloudEvents headers, on the test topics.
 */
public final class Events {

    public static final String TOKENS = "auth.tokens.v1";
    public static final String USERS = "auth.users.v1";
    public static final String SUBSCRIPTIONS = "billing.subscriptions.v1";
    private static final String PREFIX = "test.";

    private Events() {
    }

    public static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public static UUID eventId(Message envelope) {
        return EventCodec.eventId(envelope);
    }

    /** Publishes to the envelope's test topic and waits for the broker's ack. */
    public static <T extends Message> T publish(T envelope) {
        String topic = envelope instanceof TokenEnvelope ? TOKENS : envelope instanceof UserEnvelope ? USERS : SUBSCRIPTIONS;
        String source = envelope instanceof SubscriptionEnvelope ? "billing-service" : "auth-service";
        KafkaTestSupport.send(PREFIX + topic, EventCodec.userId(envelope).toString(), envelope.toByteArray(),
                EventCodec.headers(topic, envelope, source));
        return envelope;
    }

    public static TokenEnvelope verification(UUID user, EmailVerificationRequested.Reason reason, String email, String name, String token,
                                             Instant expiresAt) {
        return tokens(user).setEmailVerificationRequested(EmailVerificationRequested.newBuilder().setReason(reason).setEmail(email)
                .setName(name).setToken(token).setExpiresAt(ts(expiresAt))).build();
    }

    public static TokenEnvelope welcome(UUID user, String email, String name, String token, Instant expiresAt) {
        return verification(user, EmailVerificationRequested.Reason.REASON_REGISTRATION, email, name, token, expiresAt);
    }

    public static TokenEnvelope resend(UUID user, String email, String name, String token, Instant expiresAt) {
        return verification(user, EmailVerificationRequested.Reason.REASON_RESEND, email, name, token, expiresAt);
    }

    public static TokenEnvelope reset(UUID user, String email, String name, String token, Instant expiresAt) {
        return tokens(user).setPasswordResetRequested(PasswordResetRequested.newBuilder().setEmail(email).setName(name)
                .setToken(token).setExpiresAt(ts(expiresAt))).build();
    }

    public static UserEnvelope registered(UUID user, String email, String name) {
        return users(user).setUserRegistered(UserRegistered.newBuilder().setUser(state(user, email, name, 1))).build();
    }

    public static UserEnvelope updated(UUID user, String email, String name, long version) {
        return users(user).setUserUpdated(UserUpdated.newBuilder().setUser(state(user, email, name, version))).build();
    }

    public static UserEnvelope deleted(UUID user) {
        return users(user).setUserDeleted(UserDeleted.newBuilder().setDeletedAt(ts(Instant.now()))).build();
    }

    public static SubscriptionEnvelope subscription(UUID user, String plan, boolean cancelAtPeriodEnd, Instant periodEnd,
                                                    long version) {
        return subscriptions(user).setSubscriptionChanged(SubscriptionChanged.newBuilder().setPlan(plan)
                .setStatus("free".equals(plan) ? "canceled" : "active").setCancelAtPeriodEnd(cancelAtPeriodEnd)
                .setCurrentPeriodEnd(ts(periodEnd)).setSubscriptionVersion(version)).build();
    }

    public static SubscriptionEnvelope paymentFailed(UUID user, long amount, String currency, Instant nextAttemptAt,
                                                     String invoiceUrl) {
        PaymentFailed.Builder failed = PaymentFailed.newBuilder().setInvoiceId("in_" + UUID.randomUUID().toString().substring(0, 8))
                .setAmount(amount).setCurrency(currency).setHostedInvoiceUrl(invoiceUrl);
        if (nextAttemptAt != null) {
            failed.setNextAttemptAt(ts(nextAttemptAt));
        }
        return subscriptions(user).setPaymentFailed(failed).build();
    }

    private static User state(UUID user, String email, String name, long version) {
        return User.newBuilder().setId(user.toString()).setEmail(email).setName(name).setPlan("free").setSettingsJson("{}")
                .setCreatedAt(ts(Instant.now())).setUpdatedAt(ts(Instant.now())).setVersion(version).build();
    }

    private static TokenEnvelope.Builder tokens(UUID user) {
        return TokenEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(ts(Instant.now()))
                .setUserId(user.toString());
    }

    private static UserEnvelope.Builder users(UUID user) {
        return UserEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(ts(Instant.now()))
                .setUserId(user.toString());
    }

    private static SubscriptionEnvelope.Builder subscriptions(UUID user) {
        return SubscriptionEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(ts(Instant.now()))
                .setUserId(user.toString());
    }

    private static Timestamp ts(Instant instant) {
        return EventCodec.timestamp(instant);
    }
}
