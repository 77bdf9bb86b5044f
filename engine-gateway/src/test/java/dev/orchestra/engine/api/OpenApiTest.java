package dev.orchestra.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.engine.support.EngineGatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** /q/openapi describes each public operation: typed answers, and the error envelope for every error status. */
@QuarkusTest
class OpenApiTest extends EngineGatewayTest {

    @Test
    void everyOperationIsTypedWithItsErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        String search = "paths.'/api/v1/projects/{id}/search'.get";
        assertThat(doc.getMap(search + ".responses").keySet())
                .containsExactlyInAnyOrder("200", "401", "403", "404", "422", "503");
        for (String status : new String[] {"401", "403", "404", "422", "503"}) {
            assertThat(doc.getString(search + ".responses.'" + status + "'.content.'application/json'.schema.'$ref'"))
                    .isEqualTo("#/components/schemas/ApiError");
        }
        assertThat(doc.getString(search + ".responses.'200'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/SearchResponse");
        assertThat(doc.getList(search + ".parameters.name")).contains("id", "q", "limit");
        assertThat(doc.getMap("components.schemas.SearchHit.properties").keySet())
                .containsExactlyInAnyOrder("file_id", "path", "line", "snippet", "score");
        assertThat(doc.getList("components.schemas.SearchHit.required"))
                .containsExactlyInAnyOrder("file_id", "path", "line", "snippet", "score");
        assertThat(doc.getMap("components.schemas.SearchResult.properties").keySet())
                .containsExactlyInAnyOrder("hits", "pending_files");
        assertThat(doc.getMap("components.schemas.EngineStatus.properties").keySet())
                .containsExactlyInAnyOrder("engine_reachable", "pending_files", "last_indexed_at");
        assertThat(doc.getMap("components.schemas.ExtensionUpdate.properties").keySet())
                .containsExactlyInAnyOrder("id", "installed_version", "available_version", "download_url", "release_notes");
        assertThat(doc.getMap("components.schemas.ApiError.properties").keySet())
                .containsExactlyInAnyOrder("error", "message", "details");
        for (String path : new String[] {"/api/v1/engine/status", "/api/v1/extensions"}) {
            for (String status : new String[] {"401", "403"}) {
                assertThat(doc.getString("paths.'" + path + "'.get.responses.'" + status + "'.content.'application/json'.schema.'$ref'"))
                        .isEqualTo("#/components/schemas/ApiError");
            }
            assertThat(doc.getMap("paths.'" + path + "'.get.responses").keySet()).containsExactlyInAnyOrder("200", "401", "403");
            assertThat(doc.getString("paths.'" + path + "'.get.responses.'200'.content.'application/json'.schema.'$ref'"))
                    .startsWith("#/components/schemas/");
        }
    }
}
