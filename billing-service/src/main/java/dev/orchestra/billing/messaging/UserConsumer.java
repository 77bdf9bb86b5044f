package dev.orchestra.billing.messaging;

import dev.orchestra.billing.domain.UserProfile;
import dev.orchestra.billing.service.UserDirectory;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.messaging.UserProjection;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
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
        consumer.process(record, UserEnvelope.parser(),
                event -> UserProjection.apply(event, user -> directory.userChanged(profile(user)), directory::userDeleted));
    }

    private static UserProfile profile(UserProjection.State user) {
        if (user.email().isBlank()) {
            throw new UnprocessableEventException("a user state without an e-mail");
        }
        return new UserProfile(user.userId(), user.email(), user.name(), user.version());
    }
}
