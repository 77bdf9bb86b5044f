package dev.orchestra.project.domain;

import java.util.UUID;

/**
 * A device's change as this context applies it: which entity, what to do, the device's JSON
 * {@code data} as it was pushed (read only once the entity is known to be the user's), and the
 * version the device based an update or delete on (null when it sent none).
 */
public record SyncMutation(Origin origin, EntityKind entity, UUID entityId, String entityIdText, Operation operation,
                           String data, Long baseVersion) {

    public enum Operation {
        CREATE,
        UPDATE,
        DELETE,
        /** An operation this version does not know: refused as invalid, an outcome like any other. */
        UNKNOWN
    }
}
