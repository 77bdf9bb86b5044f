package dev.orchestra.e2e.hostile;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * JSON bodies a hostile client sends, written as text (a JSON library would refuse to write
 * duplicate keys, lone surrogates or out-of-range numbers): objects whose fields are the names the
 * API uses, with values of the wrong type, numbers far out of range, deep nesting, long and
 * invisible strings, NUL, lone surrogates, duplicate keys — and a few bodies that are no object.
 */
final class HostileBodies {

    /** Field names the public API uses; typed routes add their own from the OpenAPI document. */
    static final List<String> FIELDS = List.of("id", "name", "path", "settings", "content", "email", "password", "new_password",
            "token", "refresh_token", "avatar_url", "version", "device_id", "cursor", "mutations", "ids", "entity", "op",
            "entity_id", "base_version", "data", "project_id", "plan", "interval", "product_updates", "billing_receipts", "q", "limit");

    private HostileBodies() {
    }

    static Arbitrary<String> bodies(List<String> fields) {
        Arbitrary<String> member = Combinators.combine(keys(fields), values()).as((key, value) -> key + ":" + value);
        Arbitrary<String> object = member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> duplicated = Combinators.combine(keys(fields), values(), values())
                .as((key, first, second) -> "{" + key + ":" + first + "," + key + ":" + second + "}");
        Arbitrary<String> notAnObject = Arbitraries.of("", " ", "null", "[]", "[{}]", "\"text\"", "42", "1e999999", "true", "{",
                "{\"name\":", "{}}", "{} {}", "\u0000", "{\"a\":1}garbage", "\uFEFF{}");
        return Arbitraries.frequencyOf(Tuple(6, object), Tuple(2, duplicated), Tuple(1, notAnObject), Tuple(1, nested()));
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends String>> Tuple(int weight, Arbitrary<String> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }

    private static Arbitrary<String> keys(List<String> fields) {
        return Arbitraries.frequencyOf(Tuple(8, Arbitraries.of(fields).map(HostileBodies::quoted)), Tuple(1, strings()));
    }

    static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(Tuple(3, numbers()), Tuple(4, strings()), Tuple(1, Arbitraries.of("true", "false", "null")),
                Tuple(2, containers()), Tuple(1, nested()));
    }

    static Arbitrary<String> numbers() {
        Arbitrary<String> extreme = Arbitraries.of("1e200000", "1e-20000", "1e100000", "-1e-5000", "1e309", "-1e309", "1e-309",
                "1e308", "-1e-308", "1.7976931348623157e308", "4.9e-324", "-0", "-0.0", "0.000", "9223372036854775808",
                "-9223372036854775809", "1" + "0".repeat(400), "1" + "3".repeat(101), "0." + "0".repeat(320) + "1", "1E+2", "1.50");
        Arbitrary<String> ordinary = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(text -> !text.contains("Infinity") && !text.contains("NaN")),
                Arbitraries.bigDecimals().map(java.math.BigDecimal::toString));
        return Arbitraries.frequencyOf(Tuple(3, extreme), Tuple(1, ordinary));
    }

    static Arbitrary<String> strings() {
        Arbitrary<String> special = Arbitraries.of("", " ", "\\u0000", "a\\u0000b", "\\ud800", "x\\udc00y", "\\ud83d\\ude00",
                "\u200b", "evil\u202etxt.exe", "\uFEFF", "line\\nbreak", "\\\"quoted\\\"", "back\\\\slash", "C:/Windows/x.bat", "CON",
                "../../etc/passwd", "a/b/", "/abs", "A.TXT", "\u212Aim@example.com", "not-a-uuid", "00000000-0000-0000-0000-000000000000",
                "<script>alert(1)</script>", "'; drop table users; --", "%00", "\\u001f", "\u0085");
        Arbitrary<String> long_ = Arbitraries.of("a", "é", "\u200b", "😀", "\\u0000").flatMap(unit ->
                Arbitraries.integers().between(256, 70_000).map(unit::repeat));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(40).map(HostileBodies::escaped);
        Arbitrary<String> uuid = Arbitraries.create(java.util.UUID::randomUUID).map(java.util.UUID::toString);
        return Arbitraries.frequencyOf(Tuple(4, special), Tuple(1, long_), Tuple(3, random), Tuple(2, uuid)).map(HostileBodies::quoted);
    }

    /**
     * Query-string values, already percent-encoded as they go on the wire: any text (control
     * characters, lone surrogates replaced by the encoder, long runs), numbers out of range, and
     * escapes that decode to invalid UTF-8 or a NUL.
     */
    static Arbitrary<String> queryValues() {
        Arbitrary<String> raw = Arbitraries.of("", "%00", "%C3%28", "%ED%A0%80", "%FF%FE", "%E2%80%AE", "%EF%BB%BF", "%0A%0D",
                "%22%22%22", "a%20%22unclosed", "%25", "-1", "0", "101", "1e309", "NaN", "-0", "9223372036854775808",
                "99999999999999999999999", "1.5", "0x10", "%2B1", "AAAA%3D%3D", "eyJ9", "not-a-cursor");
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.of("a", "é", "😀", "\"").flatMap(unit -> Arbitraries.integers().between(200, 1_000).map(unit::repeat)))
                .map(value -> java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8))
                // Within a request line the services read (4 KiB); longer ones are the gateway's 414.
                .filter(encoded -> encoded.length() <= 3_500);
        return Arbitraries.frequencyOf(Tuple(1, raw), Tuple(2, text), Tuple(1, numbers()));
    }

    private static Arbitrary<String> containers() {
        Arbitrary<String> scalar = Arbitraries.oneOf(numbers(), strings(), Arbitraries.of("true", "null"));
        Arbitrary<String> array = scalar.list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(keys(FIELDS), scalar).as((key, value) -> key + ":" + value).list().ofMaxSize(5)
                .map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.oneOf(array, object);
    }

    /** Arrays or objects nested up to thousands deep (the parsers' own limits are a few hundred to a thousand). */
    private static Arbitrary<String> nested() {
        return Arbitraries.integers().between(1, 5_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth)));
    }

    /** The strings above are JSON-escaped already where they mean an escape ({@code \\u0000}): only wrap them. */
    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** Any Java string as the body of a JSON string literal (lone surrogates written as \\u escapes). */
    private static String escaped(String text) {
        return text.chars().mapToObj(c -> c == '"' || c == '\\' ? "\\" + (char) c
                        : c < 0x20 || Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }
}
