package dev.orchestra.sync.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.sync.domain.Change;
import dev.orchestra.sync.domain.Rejection;
import java.time.Instant;
import java.util.UUID;

/**
 * Changes and rejections as devices see them, in pull answers and in socket frames alike (docs/architecture.md
 * section 6): a change's {@code data} is the entity's metadata, null for a delete.
 */
public final class Wire {

    private Wire() {
    }

    public record OriginView(UUID deviceId, long mutationId) {
    }

    public record ChangeView(long seq, String entity, UUID entityId, String op, long version, @JsonRawValue String data,
                             OriginView origin, Instant at) {
    }

    /** {@code current_version} and {@code current} only for the user's own entity (absent otherwise). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RejectionView(long mutationId, String entity, UUID entityId, String reason, String message,
                                @JsonRawValue String details, Long currentVersion, @JsonRawValue String current) {
    }

    public static ChangeView change(Change change) {
        return new ChangeView(change.seq(), change.entity().wire(), change.entityId(), change.op().wire(), change.version(),
                change.dataJson(), change.origin() == null ? null : new OriginView(change.origin().deviceId(), change.origin().mutationId()),
                change.at());
    }

    public static RejectionView rejection(Rejection rejection) {
        return new RejectionView(rejection.mutationId(), rejection.entity().wire(), rejection.entityId(), rejection.reason(),
                rejection.message(), rejection.detailsJson() == null ? "{}" : rejection.detailsJson(), rejection.currentVersion(),
                rejection.currentJson());
    }
}
