package dev.orchestra.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every public route that names a resource in its path, called by another user with the owner's
 * ids (the route list from the services' OpenAPI documents): 404 {@code not_found}, never a hint
 * that the resource exists, and nothing of the owner's changed. Ids that travel in bodies (a sync
 * device, batch-get's file ids) are checked by name below.
 */
class OwnershipMatrixTest {

    /** A body that would be valid for the routes that take one, so only ownership can refuse it. */
    private static final String PLAUSIBLE_BODY = "{\"name\":\"Stolen\",\"path\":\"stolen.txt\",\"content\":\"stolen\",\"settings\":{},"
            + "\"ids\":[],\"product_updates\":false}";

    private static Account owner;
    private static Account stranger;
    private static List<PublicRoutes.Route> routes;
    private static List<PublicRoutes.Route> reads;

    @BeforeAll
    static void setUp() {
        routes = PublicRoutes.all();
        reads = PublicRoutes.stateReads(routes);
        owner = Account.create("owner");
        stranger = Account.create("stranger");
    }

    @Test
    void everyRouteNamingAnotherUsersResourceIsNotFoundAndChangesNothing() {
        List<PublicRoutes.Route> named = routes.stream().filter(route -> !route.pathParameters().isEmpty()).toList();
        assertThat(named).as("routes with ids in their path").hasSizeGreaterThanOrEqualTo(8);
        for (PublicRoutes.Route route : named) {
            String before = owner.state(reads);
            String query = route.queryParameters().contains("q") ? "?q=hello" : "";
            if (route.method().equals("GET")) {
                // The owner is answered first, so the stranger's 404 cannot mean "not known here yet"
                // (engine-gateway learns of projects from events, in its own time).
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                    Http.Answer mine = Http.send(route.base(), "GET", route.path(owner.valuesFor(route)) + query, owner.token, null);
                    assertThat(mine.status()).as("%s for its owner: %s", route, mine.body()).isEqualTo(200);
                });
            }
            Http.Answer answer = Http.send(route.base(), route.method(), route.path(owner.valuesFor(route)) + query, stranger.token,
                    route.takesBody() ? PLAUSIBLE_BODY.replace("\"ids\":[]", "\"ids\":[\"" + owner.fileId + "\"]") : null);
            assertThat(answer.status()).as("%s by a stranger with the owner's ids: %s", route, answer.body()).isEqualTo(404);
            assertThat(Account.read(answer.body()).path("error").asText()).isEqualTo("not_found");
            assertThat(answer.body()).doesNotContain(owner.projectId).doesNotContain(owner.fileId).doesNotContain("hello");
            assertThat(owner.state(reads)).as("the owner's state after %s by a stranger", route).isEqualTo(before);
        }
    }

    @Test
    void idsInBodiesAreCheckedToo() {
        String before = owner.state(reads);
        var sync = PublicRoutes.SERVICES.get("sync-service");
        Http.Answer push = Http.send(sync, "POST", "/api/v1/sync/push", stranger.token,
                "{\"device_id\":\"" + owner.deviceId + "\",\"mutations\":[]}");
        assertThat(push.status()).as(push.body()).isEqualTo(404);
        Http.Answer pull = Http.send(sync, "POST", "/api/v1/sync/pull", stranger.token,
                "{\"device_id\":\"" + owner.deviceId + "\",\"cursor\":null}");
        assertThat(pull.status()).as(pull.body()).isEqualTo(404);
        // The owner's file asked for from the stranger's own project: missing, no content.
        Http.Answer batch = Http.send(PublicRoutes.SERVICES.get("project-service"), "POST",
                "/api/v1/projects/" + stranger.projectId + "/files/batch-get", stranger.token, "{\"ids\":[\"" + owner.fileId + "\"]}");
        assertThat(batch.status()).isEqualTo(200);
        JsonNode data = Account.read(batch.body()).path("data");
        assertThat(data.path("files")).isEmpty();
        assertThat(data.path("missing").get(0).asText()).isEqualTo(owner.fileId);
        // Sync mutations naming the owner's project and file: rejected as not_found to the stranger's device, nothing changed.
        Http.Answer mutations = Http.send(sync, "POST", "/api/v1/sync/push", stranger.token, "{\"device_id\":\"" + stranger.deviceId
                + "\",\"mutations\":[{\"id\":1,\"entity\":\"project\",\"op\":\"update\",\"entity_id\":\"" + owner.projectId
                + "\",\"base_version\":1,\"data\":{\"name\":\"Stolen\"}},{\"id\":2,\"entity\":\"file\",\"op\":\"delete\","
                + "\"entity_id\":\"" + owner.fileId + "\",\"base_version\":1}]}");
        assertThat(mutations.status()).as(mutations.body()).isEqualTo(202);
        List<JsonNode> rejected = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> {
                    rejected.clear();
                    Http.Answer answer = Http.send(sync, "POST", "/api/v1/sync/pull", stranger.token,
                            "{\"device_id\":\"" + stranger.deviceId + "\",\"cursor\":null}");
                    Account.read(answer.body()).path("data").path("rejected").forEach(rejected::add);
                    return rejected.size() == 2;
                });
        assertThat(rejected).allSatisfy(rejection -> {
            assertThat(rejection.path("reason").asText()).isEqualTo("not_found");
            assertThat(rejection.toString()).doesNotContain("src/main.txt").doesNotContain("owner's");
        });
        assertThat(owner.state(reads)).isEqualTo(before);
    }
}
