package dev.orchestra.syncclient.protocol;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The HTTP half of the sync protocol, as the engine uses it (the socket is {@link LiveSocket}).
 * {@link IOException}: the server could not be reached or asked to wait (retry later);
 * {@link ApiException}: a definite refusal.
 */
public interface SyncApi {

    /** Most mutations a push may carry (more: 413). */
    int MAX_MUTATIONS_PER_PUSH = 500;
    /** Most bytes a push may have (more: 413). */
    int MAX_PUSH_BYTES = 2 * 1024 * 1024;
    /** Most ids a batch-get may ask for. */
    int MAX_BATCH_GET_IDS = 100;

    /** {@code POST /api/v1/sync/push}: the device's last submitted mutation id after it. */
    long push(UUID device, List<Mutation> mutations) throws IOException;

    /** {@code POST /api/v1/sync/pull}; a null cursor asks for a snapshot. */
    PullPage pull(UUID device, String cursor) throws IOException;

    /** {@code POST /api/v1/projects/{id}/files/batch-get} (at most {@link #MAX_BATCH_GET_IDS} ids). */
    BatchGet batchGet(UUID project, List<UUID> ids) throws IOException;

    /** Every live project of the user ({@code GET /api/v1/projects}, all pages). */
    List<Project> projects() throws IOException;

    /** {@code POST /api/v1/projects}. */
    Project createProject(String name) throws IOException;
}
