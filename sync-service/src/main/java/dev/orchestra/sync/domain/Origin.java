package dev.orchestra.sync.domain;

import java.util.UUID;

/** The device mutation a change or an outcome answers. */
public record Origin(UUID deviceId, long mutationId) {
}
