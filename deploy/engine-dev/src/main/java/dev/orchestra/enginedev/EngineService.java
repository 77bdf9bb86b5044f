package dev.orchestra.enginedev;

import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesRequest;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesResponse;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.DropProjectResponse;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.ExtensionUpdate;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.IndexFileResponse;
import dev.orchestra.proto.engine.v1.InstalledExtension;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileResponse;
import dev.orchestra.proto.engine.v1.SearchHit;
import dev.orchestra.proto.engine.v1.SearchRequest;
import dev.orchestra.proto.engine.v1.SearchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The Engine service of engine.proto: checks each request, then hands it to the index or the
 * catalog. Bad requests answer INVALID_ARGUMENT with a description saying what is wrong.
 */
final class EngineService extends EngineGrpc.EngineImplBase {

    private static final Logger LOG = Logger.getLogger(EngineService.class.getName());

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_ID_LENGTH = 200;
    private static final int MAX_PATH_LENGTH = 4096;

    private final FileIndex index;
    private final ExtensionCatalog catalog;
    private final CallGate gate;

    EngineService(FileIndex index, ExtensionCatalog catalog, CallGate gate) {
        this.index = index;
        this.catalog = catalog;
        this.gate = gate;
    }

    @Override
    public void indexFile(IndexFileRequest request, StreamObserver<IndexFileResponse> response) {
        answer(response, () -> {
            FileKey key = fileKey(request.getProjectId(), request.getFileId());
            String path = required("path", request.getPath(), MAX_PATH_LENGTH);
            long version = version(request.getVersion());
            byte[] content = request.getContent().toByteArray();
            checkHash(content, request.getContentHash());
            String text = utf8(content);
            gate.ensureStillWanted();
            // Checked again under the index's lock: the call may have waited there past its deadline.
            boolean indexed = index.index(key, path, text, version, request.getUserId(), gate::ensureStillWanted);
            return IndexFileResponse.newBuilder().setIndexed(indexed).build();
        });
    }

    @Override
    public void removeFile(RemoveFileRequest request, StreamObserver<RemoveFileResponse> response) {
        answer(response, () -> {
            FileKey key = fileKey(request.getProjectId(), request.getFileId());
            long version = version(request.getVersion());
            gate.ensureStillWanted();
            index.remove(key, version, request.getUserId(), gate::ensureStillWanted);
            return RemoveFileResponse.getDefaultInstance();
        });
    }

    @Override
    public void dropProject(DropProjectRequest request, StreamObserver<DropProjectResponse> response) {
        answer(response, () -> {
            String projectId = required("project_id", request.getProjectId(), MAX_ID_LENGTH);
            gate.ensureStillWanted();
            index.dropProject(projectId, gate::ensureStillWanted);
            return DropProjectResponse.getDefaultInstance();
        });
    }

    /** The owner check is engine-gateway's: the engine trusts project_id and ignores user_id here. */
    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
        answer(response, () -> {
            String projectId = required("project_id", request.getProjectId(), MAX_ID_LENGTH);
            SearchQuery query = SearchQuery.parse(request.getQuery(), FileIndex.TEXT, index.analyzer());
            int limit = limit(request.getLimit());
            SearchResponse.Builder answer = SearchResponse.newBuilder();
            for (SearchHitLine hit : index.search(projectId, query, limit)) {
                answer.addHits(SearchHit.newBuilder()
                        .setPath(hit.path())
                        .setLine(hit.line())
                        .setSnippet(hit.snippet())
                        .setScore(hit.score())
                        .setFileId(hit.fileId()));
            }
            return answer.build();
        });
    }

    @Override
    public void checkExtensionUpdates(CheckExtensionUpdatesRequest request,
            StreamObserver<CheckExtensionUpdatesResponse> response) {
        answer(response, () -> {
            CheckExtensionUpdatesResponse.Builder answer = CheckExtensionUpdatesResponse.newBuilder();
            for (int i = 0; i < request.getInstalledCount(); i++) {
                InstalledExtension installed = request.getInstalled(i);
                String id = required("installed[" + i + "].id", installed.getId(), MAX_ID_LENGTH);
                SemanticVersion version;
                try {
                    version = SemanticVersion.parse(installed.getVersion());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("installed[" + i + "].version of " + id + ": " + e.getMessage());
                }
                catalog.updateFor(id, version).ifPresent(entry -> answer.addUpdates(ExtensionUpdate.newBuilder()
                        .setId(id)
                        .setInstalledVersion(installed.getVersion())
                        .setAvailableVersion(entry.versionText())
                        .setDownloadUrl(entry.downloadUrl())
                        .setReleaseNotes(entry.releaseNotes())));
            }
            return answer.build();
        });
    }

    /** Runs the work and answers with its result or with the status its failure stands for. */
    private static <T> void answer(StreamObserver<T> response, Callable<T> work) {
        T result;
        try {
            result = work.call();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (InvalidRequestException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (AlreadyClosedException e) {
            // Shutting down: UNAVAILABLE is the status clients retry on.
            response.onError(Status.UNAVAILABLE.withDescription("engine is shutting down").asRuntimeException());
            return;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "call failed", e);
            response.onError(Status.INTERNAL.withDescription("engine failure: " + e).asRuntimeException());
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    private static FileKey fileKey(String projectId, String fileId) {
        return new FileKey(required("project_id", projectId, MAX_ID_LENGTH), required("file_id", fileId, MAX_ID_LENGTH));
    }

    private static String required(String field, String value, int maxLength) {
        if (value.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequestException(field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static long version(long version) {
        if (version < 0) {
            throw new InvalidRequestException("version must not be negative");
        }
        return version;
    }

    private static int limit(int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit must not be negative");
        }
        return limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    /** An empty content_hash is not checked; a present one must be the content's SHA-256 (hex, any case). */
    private static void checkHash(byte[] content, String expected) throws NoSuchAlgorithmException {
        if (expected.isEmpty()) {
            return;
        }
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        if (!actual.equalsIgnoreCase(expected)) {
            throw new InvalidRequestException("content_hash is not the SHA-256 of the content");
        }
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("content is not valid UTF-8 text");
        }
    }
}
