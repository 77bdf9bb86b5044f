package dev.orchestra.sync.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A pushed mutation's {@code data}: the JSON object exactly as the device wrote it, byte for byte
 * (docs/architecture.md section 4: it travels on "exactly as pushed"). Re-serialising a parsed value
 * would respell numbers and escapes, so the reader copies the object's byte range out of the body,
 * which {@link PushRequestReader} hands it. This is the only raw part of a push; the rest is typed.
 */
@JsonDeserialize(using = PushedData.Reader.class)
final class PushedData {

    /** The attribute under which the reader finds the whole request body. */
    static final String BODY = PushedData.class.getName() + ".body";

    private static final PushedData ABSENT = new PushedData(null, false);
    private static final PushedData NULL = new PushedData(null, false);
    private static final PushedData MISTYPED = new PushedData(null, true);

    private final String json;
    private final boolean mistyped;

    private PushedData(String json, boolean mistyped) {
        this.json = json;
        this.mistyped = mistyped;
    }

    static PushedData orAbsent(PushedData data) {
        return data == null ? ABSENT : data;
    }

    /** A value that is not an object (a list, a string, a number, a boolean). */
    boolean isMistyped() {
        return mistyped;
    }

    /** The object's text as pushed; null when absent, null or mistyped. */
    String json() {
        return json;
    }

    static final class Reader extends StdDeserializer<PushedData> {

        Reader() {
            super(PushedData.class);
        }

        @Override
        public PushedData deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return MISTYPED;
            }
            if (!(ctxt.getAttribute(BODY) instanceof byte[] body)) {
                throw new IllegalStateException("A push's data is read only by PushRequestReader, which knows the body");
            }
            int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
            parser.skipChildren();
            int end = Math.toIntExact(parser.currentLocation().getByteOffset());
            return new PushedData(new String(body, start, end - start, StandardCharsets.UTF_8), false);
        }

        @Override
        public PushedData getNullValue(DeserializationContext ctxt) {
            return NULL;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return ABSENT;
        }
    }
}
