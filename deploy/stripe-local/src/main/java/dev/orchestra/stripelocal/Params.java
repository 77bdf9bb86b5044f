package dev.orchestra.stripelocal;

import com.google.gson.JsonElement;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request parameters as Stripe reads them: form-encoded pairs whose bracketed keys make a tree
 * ({@code metadata[plan]=pro}, {@code line_items[0][price]=…}, {@code expand[]=…} or {@code expand[0]=…},
 * the latter being what stripe-java sends). Names in errors are spelled as the client wrote them.
 */
final class Params {

    private final Map<String, Object> tree;
    private final String prefix;

    private Params(Map<String, Object> tree, String prefix) {
        this.tree = tree;
        this.prefix = prefix;
    }

    static Params empty() {
        return new Params(new LinkedHashMap<>(), "");
    }

    /** The tree of decoded pairs (a query string's, then a form body's). */
    static Params parse(List<String[]> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String[] pair : pairs) {
            put(root, pair[0], pair[1]);
        }
        return new Params(root, "");
    }

    /** The raw pairs of a query string or form body, decoded, in order. */
    static List<String[]> pairs(String encoded) {
        List<String[]> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String part : encoded.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(new String[] {decode(key), decode(value)});
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(null, "Invalid form encoding: " + s);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, String value) {
        List<String> path = segments(key);
        Map<String, Object> node = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            if (segment.isEmpty() && i > 0) {
                segment = String.valueOf(node.size()); // name[]=x appends
            }
            if (i == path.size() - 1) {
                node.put(segment, value);
                return;
            }
            Object next = node.get(segment);
            if (!(next instanceof Map)) {
                if (next != null && !"".equals(next)) {
                    throw ApiError.invalid(key, "Invalid parameter: " + key + " (both a value and a hash)");
                }
                next = new LinkedHashMap<String, Object>();
                node.put(segment, next);
            }
            node = (Map<String, Object>) next;
        }
    }

    /** {@code a[b][0][]} → a, b, 0, "" ; a key with unbalanced brackets is taken literally. */
    static List<String> segments(String key) {
        int open = key.indexOf('[');
        if (open <= 0 || !key.endsWith("]")) {
            return List.of(key);
        }
        List<String> out = new ArrayList<>();
        out.add(key.substring(0, open));
        String rest = key.substring(open);
        while (!rest.isEmpty()) {
            int close = rest.indexOf(']');
            if (rest.charAt(0) != '[' || close < 0) {
                return List.of(key);
            }
            out.add(rest.substring(1, close));
            rest = rest.substring(close + 1);
        }
        return out;
    }

    String name(String key) {
        return prefix.isEmpty() ? key : prefix + "[" + key + "]";
    }

    boolean has(String key) {
        return tree.containsKey(key);
    }

    Set<String> keys() {
        return tree.keySet();
    }

    /** Refuses any top-level parameter outside {@code allowed} ({@code expand} is always allowed at the root). */
    void only(String... allowed) {
        List<String> ok = Arrays.asList(allowed);
        for (String k : tree.keySet()) {
            if (!ok.contains(k) && !(prefix.isEmpty() && k.equals("expand"))) {
                throw ApiError.unknown(name(k));
            }
        }
    }

    String string(String key) {
        Object v = tree.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.invalid(name(key), "Invalid string: " + name(key) + " must be a string, not a hash");
        }
        return s;
    }

    /** A string, where the empty string (Stripe's way to unset) counts as absent. */
    String text(String key) {
        String s = string(key);
        return s == null || s.isEmpty() ? null : s;
    }

    String require(String key) {
        String s = text(key);
        if (s == null) {
            throw ApiError.missing(name(key));
        }
        return s;
    }

    Long integer(String key) {
        String s = text(key);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiError.invalidInteger(name(key), s);
        }
    }

    Boolean bool(String key) {
        String s = text(key);
        if (s == null) {
            return null;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw ApiError.invalid(name(key), "Invalid boolean: " + s);
    }

    @SuppressWarnings("unchecked")
    Params child(String key) {
        Object v = tree.get(key);
        if (v == null || "".equals(v)) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw ApiError.invalid(name(key), "Invalid hash: " + name(key));
        }
        return new Params((Map<String, Object>) v, name(key));
    }

    /** An array parameter ({@code key[0][…]}, {@code key[1][…]}); {@code key=} is the empty array. */
    List<Params> list(String key) {
        Params c = child(key);
        List<Params> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        for (String index : c.indexKeys()) {
            Params item = c.child(index);
            if (item == null) {
                throw ApiError.invalid(c.name(index), "Invalid hash: " + c.name(index));
            }
            out.add(item);
        }
        return out;
    }

    /** An array of strings: {@code key[0]=a&key[1]=b}, {@code key[]=a&key[]=b}, or a single {@code key=a}. */
    List<String> strings(String key) {
        Object v = tree.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || "".equals(v)) {
            return out;
        }
        if (v instanceof String s) {
            out.add(s);
            return out;
        }
        Params c = child(key);
        for (String index : c.indexKeys()) {
            out.add(c.string(index));
        }
        return out;
    }

    private List<String> indexKeys() {
        List<String> keys = new ArrayList<>(tree.keySet());
        for (String k : keys) {
            if (!k.chars().allMatch(Character::isDigit) || k.isEmpty()) {
                throw ApiError.invalid(name(k), "Invalid array: " + prefix + " expects indexes, got " + name(k));
            }
        }
        keys.sort(Comparator.comparingInt(Integer::parseInt));
        return keys;
    }

    /**
     * A string-to-string hash such as metadata; null when absent. An empty value is kept (as "") so that
     * updates can remove that key, and {@code metadata=} gives an empty map (remove all).
     */
    Map<String, String> stringMap(String key) {
        Object v = tree.get(key);
        if (v == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        if ("".equals(v)) {
            return out;
        }
        Params c = child(key);
        for (String k : c.keys()) {
            out.put(k, c.string(k));
        }
        return out;
    }

    /** The whole tree as JSON: what idempotency compares. */
    JsonElement canonical() {
        return Json.of(tree);
    }
}
