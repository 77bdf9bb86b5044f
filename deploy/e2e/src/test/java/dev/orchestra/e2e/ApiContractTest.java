package dev.orchestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check every answer goes through is not a formality: it refuses what the document does not allow. */
class ApiContractTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Test
    void anAnswerOfTheDocumentedShapePasses() {
        assertThat(ApiContract.problems("GET", "/api/v1/billing/subscription", 200, JSON,
                "{\"data\":{\"plan\":\"free\",\"status\":\"none\",\"interval\":null,\"current_period_end\":null,"
                        + "\"cancel_at_period_end\":false,\"subscription_version\":0,\"last_payment_failure\":null}}")).isEmpty();
        assertThat(ApiContract.problems("GET", "/api/v1/projects?limit=2", 401, JSON,
                "{\"error\":\"unauthorized\",\"message\":\"No token\",\"details\":{}}")).isEmpty();
    }

    @Test
    void aWrongFieldTypeAMissingFieldOrAnUndocumentedStatusFails() {
        assertThat(ApiContract.problems("GET", "/api/v1/billing/subscription", 200, JSON, "{\"data\":{\"plan\":5}}"))
                .contains("validation.response.body");
        assertThat(ApiContract.problems("GET", "/api/v1/projects", 401, JSON, "{\"message\":\"No token\",\"details\":{}}"))
                .contains("error");
        assertThat(ApiContract.problems("GET", "/api/v1/projects", 418, JSON, "{}")).contains("validation.response.status.unknown");
    }

    @Test
    void whatTheDocumentDoesNotDescribeIsNotChecked() {
        assertThat(ApiContract.problems("GET", "/q/health", 200, JSON, "{\"status\":\"UP\"}")).isEmpty();
        assertThat(ApiContract.problems("GET", "/_local/health", 500, JSON, "not json")).isEmpty();
    }
}
