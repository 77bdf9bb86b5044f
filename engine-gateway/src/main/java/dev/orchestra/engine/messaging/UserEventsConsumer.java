package dev.orchestra.engine.messaging;

import dev.orchestra.engine.service.IndexingService;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code auth.users.v1}: UserDeleted erases the user here (revocations are platform's own consumer's). */
@ApplicationScoped
public class UserEventsConsumer {

    private final EventConsumer consumer;
    private final IndexingService indexing;

    public UserEventsConsumer(EventConsumer consumer, IndexingService indexing) {
        this.consumer = consumer;
        this.indexing = indexing;
    }

    @Incoming("users")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, UserEnvelope.parser(), this::apply);
    }

    private void apply(UserEnvelope event) {
        if (event.getKindCase() == UserEnvelope.KindCase.USER_DELETED) {
            indexing.userDeleted(EventCodec.userId(event), EventCodec.occurredAt(event));
        }
        // Registrations, updates and revoked sessions change nothing the engine holds.
    }
}
