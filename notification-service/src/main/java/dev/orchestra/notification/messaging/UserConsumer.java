package dev.orchestra.notification.messaging;

import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.service.UserDirectory;
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
 * {@code auth.users.v1}: UserRegistered and UserUpdated keep the user's address and name (for
 * billing mails); UserDeleted erases everything of the user here. SessionsRevoked is platform's.
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
            case USER_REGISTERED -> directory.userChanged(recipient(userId, event.getUserRegistered().getUser()));
            case USER_UPDATED -> directory.userChanged(recipient(userId, event.getUserUpdated().getUser()));
            case USER_DELETED -> directory.userDeleted(userId, event.getUserDeleted().hasDeletedAt()
                    ? EventCodec.instant(event.getUserDeleted().getDeletedAt()) : EventCodec.occurredAt(event));
            default -> {
                // SessionsRevoked: platform's RevocationConsumer handles it in its own group.
            }
        }
    }

    private static Recipient recipient(UUID userId, User user) {
        if (!userId.toString().equals(user.getId())) {
            throw new UnprocessableEventException("the user state belongs to another user than the envelope");
        }
        if (user.getVersion() <= 0) {
            throw new UnprocessableEventException("a user state without a version");
        }
        return new Recipient(userId, TokenConsumer.address(user.getEmail()), user.getName(), user.getVersion());
    }
}
