package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.orchestra.proto.engine.v1.SearchHit;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Index then search, over the network. Each test has projects of its own on one engine. */
class EngineSearchTest {

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

    private static String newProject() {
        return "project-" + UUID.randomUUID();
    }

    @Test
    void aHitSaysWhereTheLineIsWhatItSaysAndHowWellItMatches() {
        String project = newProject();
        assertThat(engine.index(project, "file-1", "src/app/Greeter.java",
                "package app;\n\nclass Greeter {\n    String greet() { return \"hello orchestra\"; }\n}\n", 1)).isTrue();

        List<SearchHit> hits = engine.search(project, "orchestra");

        assertThat(hits).hasSize(1);
        SearchHit hit = hits.get(0);
        assertThat(hit.getPath()).isEqualTo("src/app/Greeter.java");
        assertThat(hit.getLine()).isEqualTo(4);
        assertThat(hit.getSnippet()).isEqualTo("String greet() { return \"hello orchestra\"; }");
        assertThat(hit.getFileId()).isEqualTo("file-1");
        assertThat(hit.getScore()).isPositive();
    }

    @Test
    void wordsOfCodeAreFoundInsideIdentifiersAndCaseDoesNotMatter() {
        String project = newProject();
        engine.index(project, "f", "a.py", "import os\nuser_name = os.environ['USER']\n", 1);

        assertThat(engine.search(project, "NAME")).extracting(SearchHit::getLine).containsExactly(2);
        assertThat(engine.search(project, "environ")).extracting(SearchHit::getLine).containsExactly(2);
        assertThat(engine.search(project, "user_name")).extracting(SearchHit::getLine).containsExactly(2);
    }

    @Test
    void aBetterMatchRanksFirstWithAHigherScore() {
        String project = newProject();
        engine.index(project, "weak", "weak.txt", "the parser reads its tokens slowly\n", 1);
        engine.index(project, "strong", "strong.txt", "parser tokens\n", 1);
        engine.index(project, "partial", "partial.txt", "only the parser is named in this rather long line of words\n", 1);

        List<SearchHit> hits = engine.search(project, "parser tokens");

        assertThat(hits).extracting(SearchHit::getFileId).containsExactly("strong", "weak", "partial");
        assertThat(hits.get(0).getScore()).isGreaterThan(hits.get(1).getScore());
        assertThat(hits.get(1).getScore()).isGreaterThan(hits.get(2).getScore());
    }

    @Test
    void aQuotedPhraseMatchesOnlyItsWordsInItsOrder() {
        String project = newProject();
        engine.index(project, "f", "story.txt",
                "the quick brown fox\nbrown and quick\nquick, brown!\nquick red brown\n", 1);

        assertThat(engine.search(project, "\"quick brown\"")).extracting(SearchHit::getLine).containsExactlyInAnyOrder(1, 3);
        assertThat(engine.search(project, "quick brown")).extracting(SearchHit::getLine)
                .containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void resultsComeOnlyFromTheProjectAsked() {
        String mine = newProject();
        String theirs = newProject();
        engine.index(mine, "same-id", "mine.txt", "secret recipe\n", 1);
        engine.index(theirs, "same-id", "theirs.txt", "secret recipe\n", 1);

        assertThat(engine.search(mine, "secret")).extracting(SearchHit::getPath).containsExactly("mine.txt");
        assertThat(engine.search(theirs, "recipe")).extracting(SearchHit::getPath).containsExactly("theirs.txt");
        assertThat(engine.search(newProject(), "secret")).isEmpty();
    }

    @Test
    void reindexingAFileReplacesItsLines() {
        String project = newProject();
        engine.index(project, "f", "notes.md", "apples\n", 1);
        engine.index(project, "f", "notes/renamed.md", "\npears\n", 2);

        assertThat(engine.search(project, "apples")).isEmpty();
        assertThat(engine.search(project, "pears")).singleElement().satisfies(hit -> {
            assertThat(hit.getPath()).isEqualTo("notes/renamed.md");
            assertThat(hit.getLine()).isEqualTo(2);
        });
    }

    @Test
    void atMostLimitHitsAndTwentyWhenNoLimitIsGiven() {
        String project = newProject();
        String content = IntStream.rangeClosed(1, 150).mapToObj(i -> "needle " + i).collect(Collectors.joining("\n"));
        engine.index(project, "f", "hay.txt", content, 1);

        assertThat(engine.search(project, "needle", 5)).hasSize(5);
        assertThat(engine.search(project, "needle", 0)).hasSize(EngineService.DEFAULT_LIMIT);
        assertThat(engine.search(project, "needle", 1000)).hasSize(EngineService.MAX_LIMIT);
    }

    @Test
    void aLongLineGivesAShortSnippetAroundTheMatch() {
        String project = newProject();
        String line = "x".repeat(5000) + " target " + "y".repeat(5000);
        engine.index(project, "f", "min.js", line, 1);

        String snippet = engine.search(project, "target").get(0).getSnippet();

        assertThat(snippet).contains("target").startsWith("…").endsWith("…");
        assertThat(snippet.length()).isLessThanOrEqualTo(Snippets.MAX_LENGTH + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\"unclosed phrase", "+++ --- ..."})
    void aQueryItCannotUseIsInvalid(String query) {
        String project = newProject();
        engine.index(project, "f", "a.txt", "anything\n", 1);

        assertThatThrownBy(() -> engine.search(project, query))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aSearchWithoutProjectOrWithANegativeLimitIsInvalid() {
        assertInvalid(() -> engine.engine().search(SearchRequest.newBuilder().setQuery("x").build()), "project_id");
        assertInvalid(() -> engine.engine().search(
                SearchRequest.newBuilder().setProjectId("p").setQuery("x").setLimit(-1).build()), "limit");
    }

    @Test
    void indexRequestsWithoutIdsOrWithBadContentAreInvalid() {
        String project = newProject();
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest("", "f", "a", "x", 1)), "project_id");
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest(project, " ", "a", "x", 1)), "file_id");
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest(project, "f", "", "x", 1)), "path");
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest(project, "f", "a", "x", -1)), "version");
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest(project, "f", "a", "x", 1).toBuilder()
                .setContent(ByteString.copyFrom(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28})).build()), "UTF-8");
        assertInvalid(() -> engine.engine().indexFile(RunningEngine.indexRequest(project, "f", "a", "x", 1).toBuilder()
                .setContentHash("00".repeat(32)).build()), "content_hash");

        assertThat(engine.search(project, "ok x")).isEmpty();
    }

    @Test
    void aMatchingContentHashIsAccepted() {
        String project = newProject();
        // SHA-256 of "hello\n", as engine-gateway sends it (hex).
        String sha256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

        assertThat(engine.engine().indexFile(RunningEngine.indexRequest(project, "f", "a.txt", "hello\n", 1).toBuilder()
                .setContentHash(sha256.toUpperCase()).build()).getIndexed()).isTrue();
        assertThat(engine.search(project, "hello")).hasSize(1);
    }

    static void assertInvalid(Runnable call, String mentioning) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(mentioning);
        });
    }
}
