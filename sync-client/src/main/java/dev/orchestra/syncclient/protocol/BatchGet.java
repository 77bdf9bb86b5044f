package dev.orchestra.syncclient.protocol;

import java.util.List;
import java.util.UUID;

/**
 * An answer of batch-get: the files in the order asked while the answer stays within its size limit
 * ({@code has_more}: ask again for the rest), and {@code missing}: ids that are no live file of the project.
 */
public record BatchGet(List<RemoteFile> files, boolean hasMore, List<UUID> missing) {
}
