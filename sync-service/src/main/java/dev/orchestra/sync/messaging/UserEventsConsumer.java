package dev.orchestra.sync.messaging;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.sync.service.AccountEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code auth.users.v1}: erasure on UserDeleted, sockets closed on SessionsRevoked and UserDeleted. */
@ApplicationScoped
public class UserEventsConsumer {

    private final EventConsumer consumer;
    private final AccountEvents accounts;

    public UserEventsConsumer(EventConsumer consumer, AccountEvents accounts) {
        this.consumer = consumer;
        this.accounts = accounts;
    }

    @Incoming("users")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, UserEnvelope.parser(), this::apply);
    }

    private void apply(UserEnvelope event) {
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case USER_DELETED -> accounts.userDeleted(userId, EventCodec.occurredAt(event));
            case SESSIONS_REVOKED -> accounts.sessionsRevoked(userId, event.getSessionsRevoked().getSessionIdsList().stream()
                    .map(UserEventsConsumer::uuid).toList(), EventCodec.occurredAt(event));
            default -> {
                // Registrations and profile changes mean nothing to sync.
            }
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("a session id that is not a UUID: " + id, e);
        }
    }
}
