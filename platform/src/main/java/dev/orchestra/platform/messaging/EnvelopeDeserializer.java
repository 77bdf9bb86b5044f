package dev.orchestra.platform.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A Kafka record value as an event envelope of one topic: {@code new EnvelopeDeserializer<>(UserEnvelope.parser())}.
 * For plain Kafka clients (tools, tests). The services' channels take bytes and decode in
 * {@link EventConsumer}, so that an undecodable record reaches the dead-letter topic with its
 * reason instead of failing inside the Kafka client.
 */
public class EnvelopeDeserializer<T extends Message> implements Deserializer<T> {

    private final Parser<T> parser;

    public EnvelopeDeserializer(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("undecodable envelope on " + topic, e);
        }
    }
}
