package dev.orchestra.project.messaging;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.project.service.AccountErasure;
import dev.orchestra.project.service.Plans;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code auth.users.v1}: UserRegistered fills in a plan not known yet; UserDeleted erases the
 * user's projects and files. Events about an erased user are dropped. (Revocations are platform's
 * own consumer's, in a group of their own.)
 */
@ApplicationScoped
public class UserConsumer {

    private final EventConsumer consumer;
    private final Plans plans;
    private final AccountErasure erasure;

    public UserConsumer(EventConsumer consumer, Plans plans, AccountErasure erasure) {
        this.consumer = consumer;
        this.plans = plans;
        this.erasure = erasure;
    }

    @Incoming("users")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, UserEnvelope.parser(), this::apply);
    }

    void apply(UserEnvelope event) {
        UUID userId = EventCodec.userId(event);
        if (event.hasUserDeleted()) {
            Instant deletedAt = event.getUserDeleted().hasDeletedAt() ? EventCodec.instant(event.getUserDeleted().getDeletedAt())
                    : EventCodec.occurredAt(event);
            erasure.erase(userId, deletedAt);
            return;
        }
        if (erasure.isErased(userId)) {
            return;
        }
        if (event.hasUserRegistered() && !event.getUserRegistered().getUser().getPlan().isBlank()) {
            plans.applyRegistration(userId, event.getUserRegistered().getUser().getPlan());
        }
        // UserUpdated carries the plan auth-service took from billing: billing's own events are the source here.
    }
}
