package dev.orchestra.platform.messaging;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the common part of every event envelope (docs/architecture.md section 4) — {@code event_id},
 * {@code occurred_at}, {@code user_id} and the {@code kind} oneof — by protobuf reflection, and
 * makes the CloudEvents binary-mode headers that go with it.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = "application/protobuf";

    private EventCodec() {
    }

    public static UUID eventId(Message envelope) {
        return UUID.fromString(string(envelope, "event_id"));
    }

    public static UUID userId(Message envelope) {
        return UUID.fromString(string(envelope, "user_id"));
    }

    public static Instant occurredAt(Message envelope) {
        Timestamp at = (Timestamp) envelope.getField(field(envelope, "occurred_at"));
        return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
    }

    /** Whether the envelope's {@code kind} is one this code knows (a later kind arrives unknown). */
    public static boolean hasKind(Message envelope) {
        return envelope.getDescriptorForType().getOneofs().stream()
                .filter(o -> o.getName().equals("kind"))
                .anyMatch(envelope::hasOneof);
    }

    /** The set case of the envelope's {@code kind} oneof, in snake_case: {@code user_registered}. */
    public static String kind(Message envelope) {
        OneofDescriptor oneof = envelope.getDescriptorForType().getOneofs().stream()
                .filter(o -> o.getName().equals("kind"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(envelope.getDescriptorForType().getFullName() + " has no kind oneof"));
        FieldDescriptor set = envelope.getOneofFieldDescriptor(oneof);
        if (set == null) {
            throw new IllegalArgumentException("an envelope without a kind");
        }
        return set.getName();
    }

    /**
     * {@code dev.orchestra.<context>.<kind>.v1}, the context being the producer's, which is the
     * first segment of the contract topic ({@code auth.users.v1} → auth).
     */
    public static String ceType(String contractTopic, Message envelope) {
        String context = contractTopic.substring(0, contractTopic.indexOf('.'));
        return "dev.orchestra." + context + "." + kind(envelope) + ".v1";
    }

    /** The CloudEvents binary-mode headers of an envelope published by {@code source}. */
    public static Map<String, String> headers(String contractTopic, Message envelope, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", eventId(envelope).toString());
        headers.put("ce_source", source);
        headers.put("ce_type", ceType(contractTopic, envelope));
        headers.put("ce_time", DateTimeFormatter.ISO_INSTANT.format(occurredAt(envelope)));
        headers.put("content-type", CONTENT_TYPE);
        return headers;
    }

    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** The instant of a protobuf timestamp (an unset one is the epoch). */
    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static String string(Message envelope, String name) {
        return (String) envelope.getField(field(envelope, name));
    }

    private static FieldDescriptor field(Message envelope, String name) {
        FieldDescriptor field = envelope.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(envelope.getDescriptorForType().getFullName() + " is not an event envelope: no " + name);
        }
        return field;
    }
}
