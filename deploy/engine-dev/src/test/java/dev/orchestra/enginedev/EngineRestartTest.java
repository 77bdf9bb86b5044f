package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.SearchHit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index, removals included, outlives the server: a new one on the same directory knows it all. */
class EngineRestartTest {

    @TempDir
    Path indexDir;

    @Test
    void aRestartedEngineStillFindsFilesAndStillKnowsTheirVersions() throws Exception {
        try (RunningEngine first = RunningEngine.start(indexDir)) {
            first.index("p", "kept", "src/kept.txt", "durable content\n", 3);
            first.index("p", "removed", "src/removed.txt", "durable content\n", 1);
            first.engine().removeFile(RemoveFileRequest.newBuilder()
                    .setProjectId("p").setFileId("removed").setVersion(2).build());
        }

        try (RunningEngine second = RunningEngine.start(indexDir)) {
            assertThat(second.search("p", "durable")).singleElement().satisfies(hit -> {
                assertThat(hit.getFileId()).isEqualTo("kept");
                assertThat(hit.getPath()).isEqualTo("src/kept.txt");
                assertThat(hit.getLine()).isEqualTo(1);
            });
            assertThat(second.index("p", "kept", "src/kept.txt", "stale\n", 2)).isFalse();
            assertThat(second.index("p", "removed", "src/removed.txt", "stale\n", 1)).isFalse();
            assertThat(second.search("p", "stale")).isEmpty();

            assertThat(second.index("p", "kept", "src/kept.txt", "changed after the restart\n", 4)).isTrue();
        }

        try (RunningEngine third = RunningEngine.start(indexDir)) {
            assertThat(third.search("p", "restart")).extracting(SearchHit::getFileId).containsExactly("kept");
            assertThat(third.search("p", "durable")).isEmpty();
        }
    }
}
