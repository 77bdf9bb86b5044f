package dev.orchestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Assertions on the error envelope of docs/architecture.md section 2. */
final class Envelope {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    static void assertEnvelope(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as("status of a response with body %s", response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("details").isObject()).isTrue();
    }
}
