package dev.orchestra.syncclient.protocol;

import java.util.List;

/**
 * One answer of {@code POST /api/v1/sync/pull}: changes after the cursor (or a snapshot page), the cursor
 * to continue from, whether more waits, the last of this device's mutations project-service has answered,
 * and this device's rejections since the cursor.
 */
public record PullPage(List<Change> changes, String cursor, boolean hasMore, long lastMutationId, List<Rejection> rejected) {
}
