package dev.orchestra.sync.messaging;

import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.sync.service.ChangeLogService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code project.events.v1} into the users' change logs, once per event (inbox). Not ordered across
 * records: the channel's {@code throttled.ordered=key} keeps each user's records in order (they share
 * a key) while different users' are applied in parallel.
 */
@ApplicationScoped
public class ProjectEventsConsumer {

    private final EventConsumer consumer;
    private final ChangeLogService changeLog;

    public ProjectEventsConsumer(EventConsumer consumer, ChangeLogService changeLog) {
        this.consumer = consumer;
        this.changeLog = changeLog;
    }

    @Incoming("project-events")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, ProjectEnvelope.parser(), changeLog::apply);
    }
}
