package dev.orchestra.sync.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code data} objects of a push exactly as the device wrote them (docs/architecture.md section 4: they
 * travel on as JSON text "exactly as pushed"): re-serialising the parsed tree would reformat numbers
 * and drop duplicate keys. Found by their character offsets in the body.
 */
final class RawMutationData {

    private RawMutationData() {
    }

    /** Index of the mutation → the text of its {@code data} object; mutations without one are absent. */
    static Map<Integer, String> of(JsonFactory factory, String body) throws IOException {
        Map<Integer, String> slices = new HashMap<>();
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return slices;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("mutations".equals(field) && value == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        if (parser.currentToken() == JsonToken.START_OBJECT) {
                            readMutation(parser, body, index, slices);
                        } else {
                            parser.skipChildren();
                        }
                        index++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return slices;
    }

    private static void readMutation(JsonParser parser, String body, int index, Map<Integer, String> slices) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                slices.put(index, body.substring(start, end));
            } else {
                parser.skipChildren();
                if ("data".equals(field)) {
                    slices.remove(index);
                }
            }
        }
    }
}
