package dev.orchestra.engine.domain;

import java.util.UUID;

/**
 * A job a worker claimed: the engine call it stands for, at the row's revision when it was claimed
 * ({@code claim} identifies this claim: finishing it only touches the row while the claim holds).
 *
 * @param fileId   null for a DropProject
 * @param userId   null once the user is erased (a DropProject left behind)
 * @param path     an IndexFile's path, else null
 * @param content  an IndexFile's raw bytes, else null
 * @param contentHash SHA-256 of the content in lower-case hex, else null
 * @param attempts calls tried so far, this one included
 */
public record Job(long id, JobKind kind, UUID projectId, UUID fileId, UUID userId, long version, String path, byte[] content,
                  String contentHash, long revision, int attempts, UUID claim) {
}
