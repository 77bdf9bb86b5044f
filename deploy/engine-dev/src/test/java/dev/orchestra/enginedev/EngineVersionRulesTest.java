package dev.orchestra.enginedev;

import static dev.orchestra.enginedev.EngineSearchTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.SearchHit;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions: late, older calls change nothing; RemoveFile and DropProject. */
class EngineVersionRulesTest {

    @TempDir
    static Path indexDir;
    static RunningEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = RunningEngine.start(indexDir);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    private final String project = "project-" + UUID.randomUUID();

    @Test
    void anOlderVersionAfterANewerOneIsIgnored() {
        assertThat(engine.index(project, "f", "a.txt", "newer words\n", 5)).isTrue();

        assertThat(engine.index(project, "f", "a.txt", "older words\n", 4)).isFalse();

        assertThat(engine.search(project, "older")).isEmpty();
        assertThat(engine.search(project, "newer")).hasSize(1);
    }

    @Test
    void theSameVersionAgainIsApplied() {
        engine.index(project, "f", "a.txt", "first take\n", 3);

        assertThat(engine.index(project, "f", "a.txt", "second take\n", 3)).isTrue();

        assertThat(engine.search(project, "first")).isEmpty();
        assertThat(engine.search(project, "second")).hasSize(1);
    }

    @Test
    void aRemovedFileLeavesTheResults() {
        engine.index(project, "gone", "gone.txt", "shared word\n", 1);
        engine.index(project, "kept", "kept.txt", "shared word\n", 1);

        remove("gone", 2);

        assertThat(engine.search(project, "shared")).extracting(SearchHit::getFileId).containsExactly("kept");
    }

    @Test
    void anOlderIndexFileAfterTheRemovalCannotBringTheFileBack() {
        engine.index(project, "f", "a.txt", "zombie\n", 1);
        remove("f", 3);

        assertThat(engine.index(project, "f", "a.txt", "zombie\n", 2)).isFalse();
        assertThat(engine.search(project, "zombie")).isEmpty();

        assertThat(engine.index(project, "f", "a.txt", "alive again\n", 4)).isTrue();
        assertThat(engine.search(project, "alive")).hasSize(1);
    }

    @Test
    void aRemovalArrivingBeforeItsFileStillWins() {
        remove("early", 7);

        assertThat(engine.index(project, "early", "e.txt", "late upsert\n", 6)).isFalse();
        assertThat(engine.search(project, "upsert")).isEmpty();
    }

    @Test
    void anOlderRemovalDoesNotRemoveANewerVersion() {
        engine.index(project, "f", "a.txt", "still here\n", 9);

        remove("f", 8);

        assertThat(engine.search(project, "still")).hasSize(1);
    }

    @Test
    void droppingAProjectForgetsEveryFileOfItAndNoOtherProject() {
        String other = "project-" + UUID.randomUUID();
        engine.index(project, "one", "1.txt", "common text\n", 4);
        engine.index(project, "two", "2.txt", "common text\n", 1);
        remove("two", 2);
        engine.index(other, "one", "1.txt", "common text\n", 1);

        engine.engine().dropProject(DropProjectRequest.newBuilder().setProjectId(project).setUserId("user-1").build());

        assertThat(engine.search(project, "common")).isEmpty();
        assertThat(engine.search(other, "common")).hasSize(1);
        // Forgotten means its versions too: the project may start over from version 1.
        assertThat(engine.index(project, "one", "1.txt", "fresh start\n", 1)).isTrue();
    }

    @Test
    void removeAndDropWithoutIdsOrWithANegativeVersionAreInvalid() {
        assertInvalid(() -> engine.engine().removeFile(RemoveFileRequest.newBuilder().setFileId("f").build()), "project_id");
        assertInvalid(() -> engine.engine().removeFile(RemoveFileRequest.newBuilder()
                .setProjectId(project).setFileId("f").setVersion(-2).build()), "version");
        assertInvalid(() -> engine.engine().dropProject(DropProjectRequest.getDefaultInstance()), "project_id");
    }

    private void remove(String file, long version) {
        engine.engine().removeFile(RemoveFileRequest.newBuilder()
                .setProjectId(project).setFileId(file).setVersion(version).setUserId("user-1").build());
    }
}
