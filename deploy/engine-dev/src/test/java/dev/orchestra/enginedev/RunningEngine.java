package dev.orchestra.enginedev;

import com.google.protobuf.ByteString;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.SearchHit;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real engine on a free port of 127.0.0.1 and a real grpc-java client talking to it over TCP. */
final class RunningEngine implements AutoCloseable {

    private final EngineServer server;
    private final ManagedChannel channel;

    private RunningEngine(EngineServer server) {
        this.server = server;
        this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create())
                .build();
    }

    static RunningEngine start(Path indexDir) throws IOException {
        return start(new EngineOptions(0, indexDir, null, Duration.ZERO, null));
    }

    static RunningEngine start(EngineOptions options) throws IOException {
        return new RunningEngine(EngineServer.start(options));
    }

    EngineServer server() {
        return server;
    }

    /** A stub with a deadline of its own for each call, as engine-gateway does it. */
    EngineGrpc.EngineBlockingStub engine() {
        return EngineGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    EngineGrpc.EngineBlockingStub engine(Duration deadline) {
        return EngineGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    EngineGrpc.EngineFutureStub engineAsync(Duration deadline) {
        return EngineGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    HealthGrpc.HealthBlockingStub health(Duration deadline) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean index(String project, String file, String path, String content, long version) {
        return engine().indexFile(indexRequest(project, file, path, content, version)).getIndexed();
    }

    static IndexFileRequest indexRequest(String project, String file, String path, String content, long version) {
        return IndexFileRequest.newBuilder()
                .setProjectId(project)
                .setFileId(file)
                .setPath(path)
                .setContent(ByteString.copyFromUtf8(content))
                .setVersion(version)
                .setUserId("user-1")
                .build();
    }

    List<SearchHit> search(String project, String query) {
        return search(project, query, 0);
    }

    List<SearchHit> search(String project, String query, int limit) {
        return engine().search(SearchRequest.newBuilder()
                .setProjectId(project).setQuery(query).setLimit(limit).setUserId("user-1").build()).getHitsList();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
