package dev.orchestra.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.engine.domain.Job;
import dev.orchestra.engine.domain.JobKind;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.RemoveFileRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The requests the engine gets for each kind of job (plain unit test). */
class EngineRequestsTest {

    private static final UUID PROJECT = UUID.fromString("0190a7e2-0000-7000-8000-000000000001");
    private static final UUID FILE = UUID.fromString("0190a7e2-0000-7000-8000-000000000002");
    private static final UUID USER = UUID.fromString("0190a7e2-0000-7000-8000-000000000003");

    @Test
    void indexFileCarriesTheRawBytesAndTheirSha256() {
        byte[] content = "héllo\r\n".getBytes(StandardCharsets.UTF_8);
        String hash = EngineRequests.sha256Hex(content);
        assertThat(EngineRequests.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(EngineRequests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        IndexFileRequest request = EngineRequests.indexFile(new Job(1, JobKind.INDEX, PROJECT, FILE, USER, 7, "src/a.rs", content,
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
        RemoveFileRequest remove = EngineRequests.removeFile(new Job(2, JobKind.REMOVE, PROJECT, FILE, USER, 9, null, null, null, 1, 1,
                UUID.randomUUID()));
        assertThat(remove.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(remove.getFileId()).isEqualTo(FILE.toString());
        assertThat(remove.getVersion()).isEqualTo(9);
        assertThat(remove.getUserId()).isEqualTo(USER.toString());

        // A user erased: the DropProject that stays behind names no one.
        DropProjectRequest drop = EngineRequests.dropProject(new Job(3, JobKind.DROP, PROJECT, null, null, 0, null, null, null, 1, 1,
                UUID.randomUUID()));
        assertThat(drop.getProjectId()).isEqualTo(PROJECT.toString());
        assertThat(drop.getUserId()).isEmpty();
    }
}
