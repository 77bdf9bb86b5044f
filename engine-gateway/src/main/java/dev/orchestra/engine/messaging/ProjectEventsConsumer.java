package dev.orchestra.engine.messaging;

import dev.orchestra.engine.service.IndexingService;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code project.events.v1} into the ownership projection and the job table, once per event
 * (inbox). The channel's {@code throttled.ordered=key} keeps each user's records in order (they
 * share a key, and a file's events are its user's) while different users' are applied in parallel.
 */
@ApplicationScoped
public class ProjectEventsConsumer {

    private final EventConsumer consumer;
    private final IndexingService indexing;

    public ProjectEventsConsumer(EventConsumer consumer, IndexingService indexing) {
        this.consumer = consumer;
        this.indexing = indexing;
    }

    @Incoming("project-events")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, ProjectEnvelope.parser(), indexing::apply);
    }
}
