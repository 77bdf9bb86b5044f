package dev.orchestra.platform.json;

import dev.orchestra.platform.error.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses JSON whose strings (values or keys, at any depth) hold NUL or an unpaired UTF-16
 * surrogate, raw or escaped — PostgreSQL cannot store the first, and hashes of the second are
 * ambiguous — and JSON with a number outside {@link JsonNumbers}' rule. Used on every REST body
 * ({@link JsonHygieneInterceptor}) and on JSON that arrives by other ways (a sync mutation's data),
 * so the rules live here once, before any parser or store sees the text.
 *
 * <p>It only scans: JSON that is malformed otherwise passes through for the parser to refuse.
 */
public final class JsonHygiene {

    public static final String MESSAGE = "Must not contain NUL characters or unpaired surrogates";

    /** What is wrong and where: the dotted path ({@code mutations.3.data.name}) and the rule's message. */
    public record Finding(String field, String message) {
    }

    private JsonHygiene() {
    }

    /** @throws ApiException 422 with {@code details: {<field path>: <message>}} */
    public static void check(CharSequence json) {
        Finding finding = firstFinding(json);
        if (finding != null) {
            throw ApiException.invalid(finding.field(), finding.message());
        }
    }

    /** The first offending string or number, or null. */
    public static Finding firstFinding(CharSequence json) {
        Deque<Container> containers = new ArrayDeque<>();
        StringBuilder key = new StringBuilder();
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            switch (c) {
                case '{' -> containers.push(new Container(true));
                case '[' -> containers.push(new Container(false));
                case '}', ']' -> {
                    if (!containers.isEmpty()) {
                        containers.pop();
                    }
                }
                case ':' -> {
                    if (!containers.isEmpty()) {
                        containers.peek().expectingKey = false;
                    }
                }
                case ',' -> {
                    if (!containers.isEmpty()) {
                        Container top = containers.peek();
                        top.expectingKey = top.object;
                        top.index++;
                    }
                }
                case '"' -> {
                    boolean isKey = !containers.isEmpty() && containers.peek().object && containers.peek().expectingKey;
                    key.setLength(0);
                    int end = scanString(json, i + 1, isKey ? key : null);
                    if (end < 0) {
                        if (isKey) {
                            containers.peek().key = key.toString();
                        }
                        return new Finding(path(containers), MESSAGE);
                    }
                    if (isKey) {
                        containers.peek().key = key.toString();
                    }
                    i = end;
                }
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        int end = i + 1;
                        while (end < length && isNumberPart(json.charAt(end))) {
                            end++;
                        }
                        if (!JsonNumbers.acceptableToken(json, i, end)) {
                            return new Finding(path(containers), JsonNumbers.MESSAGE);
                        }
                        i = end - 1;
                    }
                    // otherwise literals and white space
                }
            }
        }
        return null;
    }

    /**
     * Scans a string body from {@code start}; returns the index of its closing quote, or -1 when it
     * holds NUL or an unpaired surrogate (or {@code length} when it is unterminated).
     */
    private static int scanString(CharSequence json, int start, StringBuilder text) {
        int length = json.length();
        int pendingHigh = 0;
        for (int i = start; i < length; i++) {
            char c = json.charAt(i);
            int unit;
            if (c == '"') {
                return pendingHigh != 0 ? -1 : i;
            } else if (c == '\\' && i + 1 < length) {
                char escaped = json.charAt(++i);
                if (escaped == 'u' && i + 4 < length) {
                    unit = parseHex(json, i + 1);
                    i += 4;
                    if (unit < 0) {
                        continue;
                    }
                } else {
                    if (pendingHigh != 0) {
                        return -1;
                    }
                    if (text != null) {
                        text.append(escaped);
                    }
                    continue;
                }
            } else {
                unit = c;
            }
            if (unit == 0) {
                return -1;
            }
            if (Character.isHighSurrogate((char) unit)) {
                if (pendingHigh != 0) {
                    return -1;
                }
                pendingHigh = unit;
            } else if (Character.isLowSurrogate((char) unit)) {
                if (pendingHigh == 0) {
                    return -1;
                }
                pendingHigh = 0;
            } else if (pendingHigh != 0) {
                return -1;
            }
            if (text != null) {
                text.append((char) unit);
            }
        }
        return length;
    }

    private static boolean isNumberPart(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    }

    private static int parseHex(CharSequence json, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(json.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static String path(Deque<Container> containers) {
        StringBuilder path = new StringBuilder();
        var it = containers.descendingIterator();
        while (it.hasNext()) {
            Container container = it.next();
            String segment = container.object ? container.key : String.valueOf(container.index);
            if (segment == null) {
                break;
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(segment);
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static final class Container {
        final boolean object;
        boolean expectingKey;
        int index;
        String key;

        Container(boolean object) {
            this.object = object;
            this.expectingKey = object;
        }
    }
}
