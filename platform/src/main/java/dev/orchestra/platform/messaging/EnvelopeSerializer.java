package dev.orchestra.platform.messaging;

import com.google.protobuf.Message;
import org.apache.kafka.common.serialization.Serializer;

/** An event envelope as a Kafka record value: its protobuf bytes (headers come from {@link EventCodec#headers}). */
public class EnvelopeSerializer implements Serializer<Message> {

    @Override
    public byte[] serialize(String topic, Message envelope) {
        return envelope == null ? null : envelope.toByteArray();
    }
}
