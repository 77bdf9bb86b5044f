package dev.orchestra.notification.messaging;

import dev.orchestra.notification.domain.Recipient;
import dev.orchestra.notification.service.UserDirectory;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UserProjection;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
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
        consumer.process(record, UserEnvelope.parser(),
                event -> UserProjection.apply(event, user -> directory.userChanged(recipient(user)), directory::userDeleted));
    }

    private static Recipient recipient(UserProjection.State user) {
        return new Recipient(user.userId(), TokenConsumer.address(user.email()), user.name(), user.version());
    }
}
