package dev.orchestra.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What platform's build-time filters make of every service's document (seen on a probe operation). */
@QuarkusTest
class DocumentFiltersTest {

    private JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void eachErrorAnswerNamesItsEnvelopeCode() throws Exception {
        JsonNode responses = document().at("/paths/~1probe~1documented/get/responses");
        assertThat(responses.at("/404/content/application~1json/example/error").asText()).isEqualTo("not_found");
        assertThat(responses.at("/503/content/application~1json/example/error").asText()).isEqualTo("service_unavailable");
        assertThat(responses.at("/200/content/application~1json/example").isMissingNode()).as("not an error").isTrue();
    }

    @Test
    void aNullableFieldOfANamedSchemaIsThatSchemaMadeNullableNotAnAllOf() throws Exception {
        JsonNode document = document();
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        JsonNode properties = document.at("/components/schemas/Whole/properties");
        JsonNode part = properties.path("part");
        assertThat(part.has("allOf")).isFalse();
        assertThat(part.path("nullable").asBoolean()).isTrue();
        assertThat(part.path("type").asText()).isEqualTo("object");
        assertThat(part.at("/properties/name/type").asText()).isEqualTo("string");
        assertThat(part.path("description").asText()).isEqualTo("May be absent");
        JsonNode at = properties.path("at");
        assertThat(at.has("allOf")).isFalse();
        assertThat(at.path("nullable").asBoolean()).isTrue();
        assertThat(at.path("format").asText()).isEqualTo("date-time");
        JsonNode other = properties.path("other");
        assertThat(other.has("allOf")).isFalse();
        assertThat(other.path("nullable").asBoolean()).isTrue();
        assertThat(other.at("/properties/name/type").asText()).isEqualTo("string");
    }

    @Test
    void theEnvelopeIsOneSchemaWithItsThreeRequiredFields() throws Exception {
        JsonNode error = document().at("/components/schemas/ApiError");
        assertThat(error.path("required").toString()).contains("error", "message", "details");
        assertThat(error.at("/properties/details/type").asText()).isEqualTo("object");
    }
}
