package dev.orchestra.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.platform.error.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/**
 * The one number rule for JSON a client stores (settings, a sync mutation's data): a number is
 * accepted only when, written in scientific form, its exponent lies within −308…+308, it has at
 * most 100 significant digits, and its magnitude is at most the largest double
 * (1.7976931348623157e308: {@code 9e308} has exponent 308 too, but a reader with doubles would get
 * Infinity, and some readers refuse it). Every reader can then hold it, every store can keep it
 * (PostgreSQL's numeric, inside jsonb), and no few bytes of input can grow into 100,000 digits on
 * every later read.
 *
 * <p>Accepted numbers are stored and emitted in one canonical form: plain decimal notation without
 * an exponent, without trailing zeros after the point, {@code 0} for every zero ({@code 1e2} is
 * {@code 100}, {@code 1.50} is {@code 1.5}, {@code -0.0} is {@code 0}). It is also the form jsonb
 * gives back for it, so what a service stores is byte for byte what it later reads, and size limits
 * are measured on it. Two documents are the same when they are equal with numbers compared by value.
 */
public final class JsonNumbers {

    public static final int MAX_SIGNIFICANT_DIGITS = 100;
    public static final int MAX_EXPONENT = 308;
    public static final String MESSAGE = "Numbers must have at most 100 significant digits, an exponent from -308 to 308"
            + " and a magnitude of at most 1.7976931348623157e308";
    private static final BigDecimal LARGEST = new BigDecimal(Double.MAX_VALUE);
    /** Longer tokens are refused before they are parsed (Jackson's own limit is 1,000 characters). */
    private static final int MAX_TOKEN_LENGTH = 1000;

    /** Numbers by value; everything else as Jackson compares it (objects: the same keys in any order). */
    public static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Stored text may predate the rule: it is read whatever the length of its numbers. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNumberLength(Integer.MAX_VALUE).build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonNumbers() {
    }

    /** Whether the value obeys the rule. */
    public static boolean acceptable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int digits = stripped.precision();
        // value = unscaled × 10^-scale; in scientific form d.ddd × 10^e, e = digits - 1 - scale.
        long exponent = (long) digits - 1 - stripped.scale();
        return digits <= MAX_SIGNIFICANT_DIGITS && exponent >= -MAX_EXPONENT && exponent <= MAX_EXPONENT
                && stripped.abs().compareTo(LARGEST) <= 0;
    }

    /** Whether a JSON number token (as written in the text, from start to end) obeys the rule. */
    static boolean acceptableToken(CharSequence json, int start, int end) {
        if (end - start > MAX_TOKEN_LENGTH) {
            return false;
        }
        try {
            return acceptable(new BigDecimal(json.subSequence(start, end).toString()));
        } catch (NumberFormatException | ArithmeticException e) {
            // Not a number (the parser answers that) or an exponent beyond int: either way no.
            return false;
        }
    }

    /** The value in canonical form: trailing zeros stripped, every zero {@code 0}. */
    public static BigDecimal canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * Every number of the tree checked, 422 naming the first offending one as a dotted path under
     * {@code field} ({@code settings.limits.0}).
     */
    public static void check(JsonNode node, String field) {
        String offending = firstOffending(node, field);
        if (offending != null) {
            throw ApiException.invalid(offending, MESSAGE);
        }
    }

    private static String firstOffending(JsonNode node, String path) {
        if (node.isNumber()) {
            return acceptable(decimal(node)) ? null : path;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> child = fields.next();
                String found = firstOffending(child.getValue(), path + "." + child.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstOffending(node.get(i), path + "." + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The tree as JSON text with every number in canonical form (the form to store and to measure). */
    public static String canonicalText(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(canonicalTree(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that does not serialise", e);
        }
    }

    /** A copy of the tree whose decimals are canonical (trees write their numbers as they hold them). */
    private static JsonNode canonicalTree(JsonNode node) {
        if (node.isBigDecimal() || node.isDouble() || node.isFloat()) {
            return JsonNodeFactory.instance.numberNode(canonical(node.decimalValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), canonicalTree(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(canonicalTree(element)));
            return copy;
        }
        return node;
    }

    /**
     * JSON stored before the rule, brought within it: each number outside the rule becomes a string
     * holding its exact value in scientific notation ({@code 1e100000} → {@code "1E+100000"}), so
     * nothing is lost and every reader can read it. Null when every number was within the rule.
     */
    public static JsonNode withinRule(JsonNode node) {
        boolean[] changed = {false};
        JsonNode result = withinRule(node, changed);
        return changed[0] ? result : null;
    }

    private static JsonNode withinRule(JsonNode node, boolean[] changed) {
        if (node.isNumber()) {
            BigDecimal value = decimal(node);
            if (acceptable(value)) {
                return node;
            }
            changed[0] = true;
            return JsonNodeFactory.instance.textNode(value.stripTrailingZeros().toString());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), withinRule(field.getValue(), changed)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(withinRule(element, changed)));
            return copy;
        }
        return node;
    }

    /** Reads JSON text (stored or received), numbers as exact decimals of any length. */
    public static JsonNode read(String json) throws JsonProcessingException {
        return CANONICAL.readTree(json);
    }

    /** Whether two trees are the same JSON, numbers compared by value. */
    public static boolean sameByValue(JsonNode a, JsonNode b) {
        return a.equals(BY_VALUE, b);
    }

    private static BigDecimal decimal(JsonNode number) {
        if (number.isBigInteger() || number.isLong() || number.isInt() || number.isShort()) {
            return new BigDecimal(number.bigIntegerValue());
        }
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return new BigDecimal(BigInteger.TEN.pow(MAX_EXPONENT + 1));
        }
        return number.decimalValue();
    }
}
