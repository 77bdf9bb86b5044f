package dev.orchestra.platform.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One field of a request as the client sent it: absent, {@code null}, a value of the field's type
 * ({@link String}, {@link Long}, {@link Boolean} or a JSON object), or a value of another type. A
 * plain record component cannot tell absent from {@code null}, and Jackson would refuse a mistyped
 * field itself, in its own words and at the first one; this field reads any JSON value, so the
 * resource checks every field in its own order and names each problem in its own words. Request
 * records of partial updates and of lenient readers use it; their OpenAPI schema names the field's
 * real type.
 */
@JsonDeserialize(using = PatchField.Reader.class)
public final class PatchField<T> {

    private enum State { ABSENT, NULL, VALUE, MISTYPED }

    private static final PatchField<?> ABSENT = new PatchField<>(State.ABSENT, null);
    private static final PatchField<?> NULL = new PatchField<>(State.NULL, null);
    private static final PatchField<?> MISTYPED = new PatchField<>(State.MISTYPED, null);

    private final State state;
    private final T value;

    private PatchField(State state, T value) {
        this.state = state;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> PatchField<T> absent() {
        return (PatchField<T>) ABSENT;
    }

    /** The field itself when given; absent for a component Jackson left unset. */
    public static <T> PatchField<T> orAbsent(PatchField<T> field) {
        return field == null ? absent() : field;
    }

    public boolean isAbsent() {
        return state == State.ABSENT;
    }

    public boolean isNull() {
        return state == State.NULL;
    }

    public boolean isMistyped() {
        return state == State.MISTYPED;
    }

    /** The value; null unless the field came with a value of its type. */
    public T value() {
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> PatchField<T> read(JsonNode node, Class<?> type) {
        Object value = null;
        if (type == String.class && node.isTextual()) {
            value = node.textValue();
        } else if (type == Boolean.class && node.isBoolean()) {
            value = node.booleanValue();
        } else if (type == Long.class && node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (type == ObjectNode.class && node.isObject()) {
            value = node;
        }
        return value == null ? (PatchField<T>) MISTYPED : new PatchField<>(State.VALUE, (T) value);
    }

    /** Reads the field's value whatever its JSON type; {@code null} and absence each get their own state. */
    public static final class Reader extends StdDeserializer<PatchField<?>> implements ContextualDeserializer {

        private final Class<?> type;

        public Reader() {
            this(Object.class);
        }

        private Reader(Class<?> type) {
            super(PatchField.class);
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType field = property != null ? property.getType() : ctxt.getContextualType();
            return new Reader(field == null ? Object.class : field.containedTypeOrUnknown(0).getRawClass());
        }

        @Override
        public PatchField<?> deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
            return read(ctxt.readTree(parser), type);
        }

        @Override
        public PatchField<?> getNullValue(DeserializationContext ctxt) {
            return NULL;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return ABSENT;
        }
    }
}
