package dev.orchestra.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.platform.error.ApiException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {

    @Test
    void theRuleCountsSignificantDigitsAndTheScientificExponent() {
        for (String ok : new String[] {"0", "-0.0", "1e308", "-1e308", "1e-308", "1.5e-308", "123.456",
                "1" + "0".repeat(308), "0." + "0".repeat(307) + "1", "1".repeat(100), "1.000000000000000000000000e2",
                "1" + "0".repeat(500) + "e-400", "1.7976931348623157e308", "-1.7976931348623157e308",
                "1" + "2".repeat(99) + "e-407"}) {
            assertThat(JsonNumbers.acceptable(new BigDecimal(ok))).as(ok).isTrue();
        }
        for (String bad : new String[] {"1e309", "1e-309", "1e100000", "1e-20000", "1e200000", "1" + "0".repeat(309),
                "0." + "0".repeat(308) + "1", "1".repeat(101), "1." + "1".repeat(100), "9.99e308", "2e308", "-1.7976931348623159e308"}) {
            assertThat(JsonNumbers.acceptable(new BigDecimal(bad))).as(bad).isFalse();
        }
    }

    @Test
    void tokensBeyondWhatBigDecimalCanHoldAreRefusedNotThrown() {
        String json = "{\"n\":1e99999999999999}";
        assertThat(JsonHygiene.firstFinding(json)).isEqualTo(new JsonHygiene.Finding("n", JsonNumbers.MESSAGE));
        String longToken = "{\"n\":" + "1".repeat(2000) + "}";
        assertThat(JsonHygiene.firstFinding(longToken)).isEqualTo(new JsonHygiene.Finding("n", JsonNumbers.MESSAGE));
    }

    @Test
    void theScannerNamesTheOffendingNumbersPath() {
        assertThat(JsonHygiene.firstFinding("{\"settings\":{\"a\":[1,2,1e-5000]}}"))
                .isEqualTo(new JsonHygiene.Finding("settings.a.2", JsonNumbers.MESSAGE));
        assertThat(JsonHygiene.firstFinding("{\"mutations\":[{\"data\":{\"settings\":{\"n\":1e200000}}}]}"))
                .isEqualTo(new JsonHygiene.Finding("mutations.0.data.settings.n", JsonNumbers.MESSAGE));
        assertThat(JsonHygiene.firstFinding("{\"s\":\"1e999999 inside a string is text\",\"n\":-12.5e3,\"t\":true}")).isNull();
        assertThat(JsonHygiene.firstFinding("{\"name\":\"a\\u0000b\"}")).isEqualTo(new JsonHygiene.Finding("name", JsonHygiene.MESSAGE));
    }

    @Test
    void numbersAreStoredInOneCanonicalPlainForm() throws Exception {
        String text = JsonNumbers.canonicalText(JsonNumbers.read(
                "{\"a\":1e2,\"b\":1.50,\"c\":-0.0,\"d\":1e-7,\"e\":12345678901234567890123,\"f\":[2.50e1,{\"g\":0.000}],\"h\":\"1.50\"}"));
        assertThat(text).isEqualTo("{\"a\":100,\"b\":1.5,\"c\":0,\"d\":0.0000001,\"e\":12345678901234567890123,\"f\":[25,{\"g\":0}],\"h\":\"1.50\"}");
        // canonical text reads back to itself
        assertThat(JsonNumbers.canonicalText(JsonNumbers.read(text))).isEqualTo(text);
        assertThat(JsonNumbers.canonicalText(JsonNumbers.read("{\"n\":1e308}"))).hasSize(6 + 309);
    }

    @Test
    void sameByValueComparesNumbersByValueAndObjectsByKeys() throws Exception {
        assertThat(JsonNumbers.sameByValue(JsonNumbers.read("{\"a\":1e2,\"b\":[1.10]}"), JsonNumbers.read("{\"b\":[1.1],\"a\":100}")))
                .isTrue();
        assertThat(JsonNumbers.sameByValue(JsonNumbers.read("{\"a\":100}"), JsonNumbers.read("{\"a\":\"100\"}"))).isFalse();
        assertThat(JsonNumbers.sameByValue(JsonNumbers.read("{\"a\":100}"), JsonNumbers.read("{\"a\":100.0001}"))).isFalse();
    }

    @Test
    void checkNamesTheFieldUnderItsPrefix() throws Exception {
        assertThatThrownBy(() -> JsonNumbers.check(JsonNumbers.read("{\"x\":{\"y\":[0,1e400]}}"), "settings"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.details()).isEqualTo(java.util.Map.of("settings.x.y.1", JsonNumbers.MESSAGE)));
    }
}
