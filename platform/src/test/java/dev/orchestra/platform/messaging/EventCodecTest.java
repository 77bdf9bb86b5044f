package dev.orchestra.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.proto.events.v1.FileUpserted;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The CloudEvents headers and the envelope (de)serializers, on the real contracts. */
class EventCodecTest {

    @Test
    void ceTypeNamesTheProducersContextAndTheKind() {
        ProjectEnvelope file = ProjectEnvelope.newBuilder().setEventId(UUID.randomUUID().toString())
                .setUserId(UUID.randomUUID().toString()).setOccurredAt(EventCodec.timestamp(Instant.parse("2026-11-25T10:15:30.123Z")))
                .setFileUpserted(FileUpserted.getDefaultInstance()).build();
        assertThat(EventCodec.ceType("project.events.v1", file)).isEqualTo("dev.orchestra.project.file_upserted.v1");
        TokenEnvelope token = TokenEnvelope.newBuilder().setEventId(UUID.randomUUID().toString())
                .setUserId(UUID.randomUUID().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setEmailVerificationRequested(EmailVerificationRequested.getDefaultInstance()).build();
        assertThat(EventCodec.ceType("auth.tokens.v1", token)).isEqualTo("dev.orchestra.auth.email_verification_requested.v1");

        var headers = EventCodec.headers("project.events.v1", file, "project-service");
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", file.getEventId())
                .containsEntry("ce_source", "project-service")
                .containsEntry("ce_type", "dev.orchestra.project.file_upserted.v1")
                .containsEntry("ce_time", "2026-11-25T10:15:30.123Z")
                .containsEntry("content-type", "application/protobuf");
    }

    @Test
    void envelopesRoundTripAndGarbageIsASerializationError() {
        ProjectEnvelope event = ProjectEnvelope.newBuilder().setEventId(UUID.randomUUID().toString())
                .setUserId(UUID.randomUUID().toString()).setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setFileUpserted(FileUpserted.getDefaultInstance()).build();
        byte[] bytes = new EnvelopeSerializer().serialize("t", event);
        assertThat(new EnvelopeDeserializer<>(ProjectEnvelope.parser()).deserialize("t", bytes)).isEqualTo(event);
        assertThatThrownBy(() -> new EnvelopeDeserializer<>(ProjectEnvelope.parser()).deserialize("t", new byte[] {(byte) 0xff, 1}))
                .isInstanceOf(SerializationException.class);
    }
}
