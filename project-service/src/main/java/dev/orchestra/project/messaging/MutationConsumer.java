package dev.orchestra.project.messaging;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.project.service.MutationService;
import dev.orchestra.project.service.ProjectEvents;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code sync.mutations.v1}: decodes each MutationSubmitted and hands it to {@link MutationService},
 * which applies it and publishes its one outcome, in platform's consumer transaction with the inbox
 * entry. A failure that is not a refusal goes back to platform's EventConsumer: retried for as long
 * as it lasts when the infrastructure is away; when permanent, rolled back and handed to
 * {@link MutationService#failed} instead of the dead-letter topic, so the device still gets its one
 * outcome. Only a record no outcome could be addressed to (see {@link ProjectEvents#mutation}) goes
 * to the dead-letter topic.
 */
@ApplicationScoped
public class MutationConsumer {

    private final EventConsumer consumer;
    private final MutationService mutations;

    public MutationConsumer(EventConsumer consumer, MutationService mutations) {
        this.consumer = consumer;
        this.mutations = mutations;
    }

    @Incoming("mutations")
    // Not ordered across records: the channel's throttled.ordered=key keeps each user's mutations in
    // order (they share a key) while different users' are applied in parallel.
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, MutationEnvelope.parser(), this::apply, this::failed);
    }

    void apply(MutationEnvelope envelope) {
        if (envelope.hasMutationSubmitted()) {
            mutations.apply(EventCodec.userId(envelope), ProjectEvents.mutation(envelope.getMutationSubmitted()));
        }
    }

    private void failed(MutationEnvelope envelope, RuntimeException failure) {
        if (envelope.hasMutationSubmitted()) {
            mutations.failed(EventCodec.userId(envelope), ProjectEvents.mutation(envelope.getMutationSubmitted()), failure);
        }
    }
}
