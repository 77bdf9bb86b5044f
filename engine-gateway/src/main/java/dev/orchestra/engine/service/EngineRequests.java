package dev.orchestra.engine.service;

import com.google.protobuf.ByteString;
import dev.orchestra.engine.domain.Job;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** A job as the engine's request (engine.proto): ids as their canonical text, a missing user as "". */
public final class EngineRequests {

    private EngineRequests() {
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
