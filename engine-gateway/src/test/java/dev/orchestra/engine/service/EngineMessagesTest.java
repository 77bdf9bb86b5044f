package dev.orchestra.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.engine.domain.ExtensionUpdate;
import dev.orchestra.engine.domain.InstalledExtension;
import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.domain.JobKind;
import dev.orchestra.engine.domain.SearchHit;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesRequest;
import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesResponse;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import dev.orchestra.proto.engine.v1.SearchRequest;
import dev.orchestra.proto.engine.v1.SearchResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The requests the engine gets and how its answers read as domain values (plain unit test). */
class EngineMessagesTest {

    private static final UUID PROJECT = UUID.fromString("0190a7e2-0000-7000-8000-000000000001");
    private static final UUID FILE = UUID.fromString("0190a7e2-0000-7000-8000-000000000002");
    private static final UUID USER = UUID.fromString("0190a7e2-0000-7000-8000-000000000003");

    @Test
    void indexFileCarriesTheRawBytesAndTheirSha256() {
        byte[] content = "héllo\r\n".getBytes(StandardCharsets.UTF_8);
        String hash = EngineMessages.sha256Hex(content);
        assertThat(EngineMessages.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(EngineMessages.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        IndexFileRequest request = EngineMessages.indexFile(new Job(1, JobKind.INDEX, PROJECT, FILE, USER, 7, "src/a.rs", content,
                hash, 1, 1, UUID.randomUUID()));
        assertThat(request.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(request.getFileId()).isEqualTo(FILE.toString());
        assertThat(request.getUserId()).isEqualTo(USER.toString());
        assertThat(request.getPath()).isEqualTo("src/a.rs");
        assertThat(request.getVersion()).isEqualTo(7);
        assertThat(request.getContent().toByteArray()).isEqualTo(content);
        assertThat(request.getContentHash()).isEqualTo(hash).hasSize(64).isLowerCase();
    }

    @Test
    void removeAndDropCarryTheirIds() {
        RemoveFileRequest remove = EngineMessages.removeFile(new Job(2, JobKind.REMOVE, PROJECT, FILE, USER, 9, null, null, null, 1, 1,
                UUID.randomUUID()));
        assertThat(remove.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(remove.getFileId()).isEqualTo(FILE.toString());
        assertThat(remove.getVersion()).isEqualTo(9);
        assertThat(remove.getUserId()).isEqualTo(USER.toString());

        // A user erased: the DropProject that stays behind names no one.
        DropProjectRequest drop = EngineMessages.dropProject(new Job(3, JobKind.DROP, PROJECT, null, null, 0, null, null, null, 1, 1,
                UUID.randomUUID()));
        assertThat(drop.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(drop.getUserId()).isEmpty();
    }

    @Test
    void searchCarriesTheCallerAndHitsKeepTheEnginesOrder() {
        SearchRequest request = EngineMessages.search(PROJECT, "\"let x\" quokka", 20, USER);
        assertThat(request.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(request.getQuery()).isEqualTo("\"let x\" quokka");
        assertThat(request.getLimit()).isEqualTo(20);
        assertThat(request.getUserId()).isEqualTo(USER.toString());

        SearchResponse answer = SearchResponse.newBuilder()
                .addHits(dev.orchestra.proto.engine.v1.SearchHit.newBuilder().setFileId(FILE.toString()).setPath("src/a.rs")
                        .setLine(2).setSnippet("let quokka = 1;").setScore(1.5))
                .addHits(dev.orchestra.proto.engine.v1.SearchHit.newBuilder().setFileId(FILE.toString()).setPath("src/a.rs")
                        .setLine(9).setSnippet("quokka()").setScore(0.5))
                .build();
        assertThat(EngineMessages.hits(answer)).containsExactly(
                new SearchHit(FILE.toString(), "src/a.rs", 2, "let quokka = 1;", 1.5),
                new SearchHit(FILE.toString(), "src/a.rs", 9, "quokka()", 0.5));
        assertThat(EngineMessages.hits(SearchResponse.getDefaultInstance())).isEmpty();
    }

    @Test
    void extensionCheckSendsTheInstalledSetInOrderAndReadsEveryUpdate() {
        CheckExtensionUpdatesRequest request = EngineMessages.checkExtensionUpdates(
                List.of(InstalledExtension.parse("orchestra.git@2.3.0"), InstalledExtension.parse("orchestra.lsp@1.0.0")));
        assertThat(request.getInstalledList()).extracting(e -> e.getId() + "@" + e.getVersion())
                .containsExactly("orchestra.git@2.3.0", "orchestra.lsp@1.0.0");

        CheckExtensionUpdatesResponse answer = CheckExtensionUpdatesResponse.newBuilder()
                .addUpdates(dev.orchestra.proto.engine.v1.ExtensionUpdate.newBuilder().setId("orchestra.git")
                        .setInstalledVersion("2.3.0").setAvailableVersion("2.4.0").setDownloadUrl("https://example.test/git")
                        .setReleaseNotes("notes"))
                .build();
        assertThat(EngineMessages.updates(answer)).containsExactly(
                new ExtensionUpdate("orchestra.git", "2.3.0", "2.4.0", "https://example.test/git", "notes"));
    }
}
