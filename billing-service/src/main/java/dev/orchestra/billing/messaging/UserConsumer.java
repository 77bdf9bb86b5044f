package dev.orchestra.billing.messaging;

import dev.orchestra.billing.domain.UserProfile;
import dev.orchestra.billing.service.UserDirectory;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code auth.users.v1}: UserRegistered and UserUpdated keep the user's e-mail and name (the Stripe
 * customer's); UserDeleted erases the user here and queues the erasure at Stripe (a job: the partition
 * never waits for Stripe). SessionsRevoked is platform's.
 */
@ApplicationScoped
public class UserConsumer {

    private final EventConsumer consumer;
    private final UserDirectory directory;

    public UserConsumer(EventConsumer consumer, UserDirectory directory) {
        this.consumer = consumer;
        this.directory = directory;
    }

    @Incoming("users")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, UserEnvelope.parser(), this::apply);
    }

    private void apply(UserEnvelope event) {
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case USER_REGISTERED -> directory.userChanged(profile(userId, event.getUserRegistered().getUser()));
            case USER_UPDATED -> directory.userChanged(profile(userId, event.getUserUpdated().getUser()));
            case USER_DELETED -> directory.userDeleted(userId, event.getUserDeleted().hasDeletedAt()
                    ? EventCodec.instant(event.getUserDeleted().getDeletedAt()) : EventCodec.occurredAt(event));
            default -> {
                // SessionsRevoked: platform's RevocationConsumer handles it in its own group.
            }
        }
    }

    private static UserProfile profile(UUID userId, User user) {
        if (!userId.toString().equals(user.getId())) {
            throw new UnprocessableEventException("the user state belongs to another user than the envelope");
        }
        if (user.getVersion() <= 0) {
            throw new UnprocessableEventException("a user state without a version");
        }
        if (user.getEmail().isBlank()) {
            throw new UnprocessableEventException("a user state without an e-mail");
        }
        return new UserProfile(userId, user.getEmail(), user.getName(), user.getVersion());
    }
}
