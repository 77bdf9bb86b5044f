package dev.orchestra.platform.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelope never repeats a hostile key whole (the e2e contract check's JSON parser refused a 69,999-character one). */
class ApiErrorTest {

    @Test
    void aDetailKeyLongerThanAnyFieldPathIsCut() {
        String hostile = "a".repeat(69_999);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(hostile, "Numbers must have at most 100 significant digits");
        details.put("settings.theme", "Must be a string");
        ApiError error = ApiError.of(ErrorCode.VALIDATION_ERROR, "The request is invalid", details);

        assertThat(error.details()).hasSize(2).containsEntry("settings.theme", "Must be a string");
        String cut = error.details().keySet().iterator().next();
        assertThat(cut).hasSize(ApiError.MAX_DETAIL_KEY).startsWith("aaaa").endsWith("…");
        assertThat(error.details().get(cut)).isEqualTo("Numbers must have at most 100 significant digits");
    }

    @Test
    void ordinaryKeysAndNullValuesAreKeptAsGiven() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", null);
        details.put("name", "Name is required");
        ApiError error = ApiError.of(ErrorCode.VALIDATION_ERROR, "The request is invalid", details);
        assertThat(error.details()).containsExactly(entry("path", null), entry("name", "Name is required"));
    }

    private static Map.Entry<String, Object> entry(String key, Object value) {
        return new java.util.AbstractMap.SimpleEntry<>(key, value);
    }
}
