package dev.orchestra.project.domain;

/** The sync mutation a write comes from (a device and its mutation id); REST writes have none (null). */
public record Origin(String deviceId, long mutationId) {
}
