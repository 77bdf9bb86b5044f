package dev.orchestra.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * CloudNativePG (postgresql.cnpg.io/v1) has no Java model or CRD in any registry this project
 * reaches, so this is a strict model of exactly the fields deploy/k8s uses, written from
 * CloudNativePG's API types (api/v1/cluster_types.go and database_types.go, release 1.26 or newer:
 * Database.spec.schemas came with 1.26). Jackson refuses any other field, a missing required one
 * and a value outside an enum: a field this model lacks must be added here, checked against that
 * reference, before a manifest can use it.
 */
final class CloudNativePg {

    private CloudNativePg() {
    }

    enum Ensure {
        @JsonProperty("present") PRESENT,
        @JsonProperty("absent") ABSENT
    }

    record Cluster(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
                   @JsonProperty(required = true) ObjectMeta metadata, @JsonProperty(required = true) ClusterSpec spec) {
    }

    record ClusterSpec(@JsonProperty(required = true) Integer instances, String imageName,
                       PrimaryUpdateStrategy primaryUpdateStrategy, Boolean enableSuperuserAccess,
                       PostgresConfiguration postgresql, Bootstrap bootstrap, Storage storage,
                       ResourceRequirements resources, Affinity affinity, Managed managed) {
    }

    enum PrimaryUpdateStrategy {
        @JsonProperty("unsupervised") UNSUPERVISED,
        @JsonProperty("supervised") SUPERVISED
    }

    record PostgresConfiguration(Map<String, String> parameters) {
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner, LocalObjectReference secret) {
    }

    record Storage(String size, String storageClass) {
    }

    record Affinity(Boolean enablePodAntiAffinity, String topologyKey, PodAntiAffinityType podAntiAffinityType) {
    }

    enum PodAntiAffinityType {
        @JsonProperty("preferred") PREFERRED,
        @JsonProperty("required") REQUIRED
    }

    record Managed(List<Role> roles) {
    }

    record Role(@JsonProperty(required = true) String name, Ensure ensure, Boolean login, Long connectionLimit,
                LocalObjectReference passwordSecret, Boolean inherit) {
    }

    record LocalObjectReference(@JsonProperty(required = true) String name) {
    }

    record Database(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
                    @JsonProperty(required = true) ObjectMeta metadata, @JsonProperty(required = true) DatabaseSpec spec) {
    }

    record DatabaseSpec(@JsonProperty(required = true) LocalObjectReference cluster, @JsonProperty(required = true) String name,
                        @JsonProperty(required = true) String owner, Ensure ensure,
                        @JsonProperty("databaseReclaimPolicy") ReclaimPolicy databaseReclaimPolicy, List<Schema> schemas) {
    }

    enum ReclaimPolicy {
        @JsonProperty("retain") RETAIN,
        @JsonProperty("delete") DELETE
    }

    record Schema(@JsonProperty(required = true) String name, String owner, Ensure ensure) {
    }
}
