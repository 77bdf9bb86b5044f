package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One role and one schema per service on CloudNativePG, and connections that fit. */
class PostgresTest {

    /** Headroom kept for replication, the operator's instance manager and superuser_reserved_connections. */
    static final int RESERVED_CONNECTIONS = 20;

    @Test
    void everyServiceHasItsRoleAndItsSchema() {
        List<ObjectNode> all = Rendered.of(".");
        JsonNode cluster = Rendered.kind(all, "Cluster").findFirst().orElseThrow();
        JsonNode database = Rendered.kind(all, "Database").findFirst().orElseThrow();
        assertThat(database.at("/spec/cluster/name").asText()).isEqualTo(Rendered.name(cluster));
        assertThat(database.at("/spec/name").asText()).isEqualTo(cluster.at("/spec/bootstrap/initdb/database").asText());
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.inPod(service, all);
            String role = config.value("quarkus.datasource.username").orElseThrow();
            assertThat(config.value("orchestra.db.name")).as("the database").contains(database.at("/spec/name").asText());
            JsonNode managed = find(cluster.at("/spec/managed/roles"), role);
            assertThat(managed.path("login").asBoolean()).as("%s logs in", role).isTrue();
            assertThat(managed.path("ensure").asText("present")).isEqualTo("present");
            assertThat(managed.at("/passwordSecret/name").asText()).isEqualTo("orchestra-db-" + role);
            assertThat(managed.path("superuser").asBoolean(false) || managed.path("createdb").asBoolean(false)
                    || managed.path("createrole").asBoolean(false)).as("%s has no more rights", role).isFalse();
            JsonNode schema = find(database.at("/spec/schemas"), config.value("orchestra.schema").orElseThrow());
            assertThat(schema.path("owner").asText()).as("schema owned by its service's role (Flyway creates its tables)").isEqualTo(role);
            assertThat(config.value("quarkus.flyway.schemas")).contains(schema.path("name").asText());
            assertThat(config.value("quarkus.datasource.jdbc.url").orElseThrow()).endsWith("currentSchema=" + schema.path("name").asText());
        }
        assertThat(cluster.at("/spec/managed/roles")).hasSize(Repo.SERVICES.size());
        assertThat(cluster.at("/spec/enableSuperuserAccess").asBoolean(true)).isFalse();
    }

    /**
     * Every service at its HPA maximum holds pool + 1 (its outbox relay) connections per pod, and a
     * rollout at the maximum adds its surge pods (the Deployment's maxSurge): each role's
     * connectionLimit covers its own, and all services surging at once (a release applied to the
     * whole) fit in max_connections.
     */
    @Test
    void connectionsFit() {
        for (String whole : Rendered.DEPLOYABLE_WHOLES) {
            List<ObjectNode> documents = Rendered.of(whole);
            JsonNode cluster = Rendered.kind(documents, "Cluster").findFirst().orElseThrow();
            int max = Integer.parseInt(cluster.at("/spec/postgresql/parameters/max_connections").asText());
            int total = 0;
            for (String service : Repo.SERVICES) {
                ServiceConfig config = ServiceConfig.inPod(service, documents);
                int pool = Integer.parseInt(config.value("quarkus.datasource.jdbc.max-size").orElseThrow());
                int replicas = KafkaTest.maxReplicas(documents, service);
                int pods = replicas + surge(Rendered.one(documents, "Deployment", service), replicas);
                int needed = pods * (pool + 1);
                total += needed;
                JsonNode role = find(cluster.at("/spec/managed/roles"), config.value("quarkus.datasource.username").orElseThrow());
                assertThat(role.path("connectionLimit").asInt()).as("%s: %s's connection limit (%d pods x %d)", whole, service, pods, pool + 1)
                        .isGreaterThanOrEqualTo(needed);
            }
            assertThat(total).as("%s: connections of all services at their maximum, each with its surge pods", whole)
                    .isLessThanOrEqualTo(max - RESERVED_CONNECTIONS);
        }
    }

    /** The extra pods a rolling update may start above the replica count: maxSurge, a number or a percentage rounded up (default 25%). */
    static int surge(JsonNode deployment, int replicas) {
        JsonNode strategy = deployment.at("/spec/strategy");
        if (strategy.path("type").asText("RollingUpdate").equals("Recreate")) {
            return 0;
        }
        JsonNode surge = strategy.at("/rollingUpdate/maxSurge");
        if (surge.isInt()) {
            return surge.asInt();
        }
        String text = surge.isMissingNode() ? "25%" : surge.asText();
        if (text.endsWith("%")) {
            return (int) Math.ceil(replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0);
        }
        return Integer.parseInt(text);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }
}
