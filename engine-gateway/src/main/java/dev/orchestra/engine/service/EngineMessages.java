package dev.orchestra.engine.service;

import com.google.protobuf.ByteString;
import dev.orchestra.engine.domain.ExtensionUpdate;
import dev.orchestra.engine.domain.InstalledExtension;
import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.domain.SearchHit;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesRequest;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesResponse;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.SearchRequest;
import dev.orchestra.proto.engine.v1.SearchResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The one place where engine.proto meets the domain: every request the engine gets is built here,
 * and every answer it gives is read here into domain values. Services call it and hand the message
 * to {@code client/EngineClient}, which only carries it (deadline, retries, breaker). Ids go as
 * their canonical text, a missing user as "".
 */
public final class EngineMessages {

    private EngineMessages() {
    }

    public static IndexFileRequest indexFile(Job job) {
        return IndexFileRequest.newBuilder()
                .setProjectId(job.projectId().toString())
                .setFileId(job.fileId().toString())
                .setPath(job.path() == null ? "" : job.path())
                .setContent(ByteString.copyFrom(job.content() == null ? new byte[0] : job.content()))
                .setContentHash(job.contentHash() == null ? "" : job.contentHash())
                .setVersion(job.version())
                .setUserId(text(job.userId()))
                .build();
    }

    public static RemoveFileRequest removeFile(Job job) {
        return RemoveFileRequest.newBuilder()
                .setProjectId(job.projectId().toString())
                .setFileId(job.fileId().toString())
                .setVersion(job.version())
                .setUserId(text(job.userId()))
                .build();
    }

    public static DropProjectRequest dropProject(Job job) {
        return DropProjectRequest.newBuilder()
                .setProjectId(job.projectId().toString())
                .setUserId(text(job.userId()))
                .build();
    }

    /** A search always has its caller: the user's id is required here, not "" as for a job. */
    public static SearchRequest search(UUID projectId, String query, int limit, UUID userId) {
        return SearchRequest.newBuilder()
                .setProjectId(projectId.toString())
                .setQuery(query)
                .setLimit(limit)
                .setUserId(userId.toString())
                .build();
    }

    /** The engine's hits as it ordered them (best first). */
    public static List<SearchHit> hits(SearchResponse answer) {
        return answer.getHitsList().stream()
                .map(hit -> new SearchHit(hit.getFileId(), hit.getPath(), hit.getLine(), hit.getSnippet(), hit.getScore()))
                .toList();
    }

    /** The installed set, in its order. */
    public static CheckExtensionUpdatesRequest checkExtensionUpdates(List<InstalledExtension> installed) {
        CheckExtensionUpdatesRequest.Builder request = CheckExtensionUpdatesRequest.newBuilder();
        installed.forEach(extension -> request.addInstalledBuilder().setId(extension.id()).setVersion(extension.version()));
        return request.build();
    }

    public static List<ExtensionUpdate> updates(CheckExtensionUpdatesResponse answer) {
        return answer.getUpdatesList().stream()
                .map(u -> new ExtensionUpdate(u.getId(), u.getInstalledVersion(), u.getAvailableVersion(), u.getDownloadUrl(),
                        u.getReleaseNotes()))
                .toList();
    }

    /** SHA-256 of the raw bytes, lower-case hex (engine.proto's content_hash). */
    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }
}
