package dev.orchestra.k8s;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** YAML as Jackson trees: multi-document files in, documents out. */
final class Yaml {

    static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            // A key given twice in a mapping fails: otherwise the last one silently wins.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private Yaml() {
    }

    /** The non-empty documents of a (possibly multi-document) YAML text, each an object. */
    static List<ObjectNode> documents(String text, String source) {
        List<ObjectNode> documents = new ArrayList<>();
        try (var parser = MAPPER.getFactory().createParser(text)) {
            var values = MAPPER.readValues(parser, JsonNode.class);
            while (values.hasNextValue()) {
                JsonNode node = values.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new IllegalStateException(source + ": a document that is not a mapping: " + node);
                }
                documents.add((ObjectNode) node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": not valid YAML", e);
        }
        return documents;
    }

    static JsonNode parse(String text, String source) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": not valid YAML", e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
