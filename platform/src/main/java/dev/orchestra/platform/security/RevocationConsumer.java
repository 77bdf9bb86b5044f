package dev.orchestra.platform.security;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every service's own reading of {@code auth.users.v1} for revocations, in a consumer group of its
 * own ({@code <service>-revocations}): SessionsRevoked and UserDeleted become refusals here, whatever
 * else the service does with those events.
 */
@ApplicationScoped
public class RevocationConsumer {

    private final EventConsumer consumer;
    private final Revocations revocations;
    private final String name;

    public RevocationConsumer(EventConsumer consumer, Revocations revocations,
                              @ConfigProperty(name = "quarkus.application.name") String service) {
        this.consumer = consumer;
        this.revocations = revocations;
        this.name = service + "-revocations";
    }

    @Incoming("orchestra-revocations")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(name, record, UserEnvelope.parser(), this::apply);
    }

    private static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("a session id that is not a UUID: " + id, e);
        }
    }

    private void apply(UserEnvelope event) {
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case SESSIONS_REVOKED -> revocations.revokeSessions(userId,
                    event.getSessionsRevoked().getSessionIdsList().stream().map(RevocationConsumer::sessionId).toList(),
                    EventCodec.occurredAt(event));
            case USER_DELETED -> revocations.markDeleted(userId, EventCodec.occurredAt(event));
            default -> {
                // Registrations and updates change no token's validity.
            }
        }
    }
}
