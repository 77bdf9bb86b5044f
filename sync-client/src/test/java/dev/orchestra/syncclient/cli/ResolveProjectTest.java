package dev.orchestra.syncclient.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.syncclient.protocol.BatchGet;
import dev.orchestra.syncclient.protocol.Mutation;
import dev.orchestra.syncclient.protocol.Project;
import dev.orchestra.syncclient.protocol.PullPage;
import dev.orchestra.syncclient.protocol.SyncApi;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code sync PROJECT DIR}: PROJECT is an id, or a name only when no other project has it (deploy/e2e runs the command itself). */
class ResolveProjectTest {

    static final Project NOTES = new Project(UUID.randomUUID(), "notes", 1, null);
    static final Project FIRST_WORK = new Project(UUID.randomUUID(), "work", 1, null);
    static final Project SECOND_WORK = new Project(UUID.randomUUID(), "work", 1, null);

    /** A server that only lists projects: resolving a name needs nothing else. */
    static SyncApi listing(Project... projects) {
        return new SyncApi() {
            @Override
            public List<Project> projects() {
                return List.of(projects);
            }

            @Override
            public long push(UUID device, List<Mutation> mutations) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PullPage pull(UUID device, String cursor) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BatchGet batchGet(UUID project, List<UUID> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Project createProject(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void anIdOrAUniqueNameNamesItsProject() throws IOException {
        SyncApi api = listing(NOTES, FIRST_WORK, SECOND_WORK);

        assertThat(Cli.resolveProject(api, "notes")).isEqualTo(NOTES.id());
        assertThat(Cli.resolveProject(api, SECOND_WORK.id().toString().toUpperCase())).isEqualTo(SECOND_WORK.id());
    }

    @Test
    void aNameTwoProjectsShareIsRefusedWithBothIds() {
        assertThatThrownBy(() -> Cli.resolveProject(listing(NOTES, FIRST_WORK, SECOND_WORK), "work"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("2 projects are named work: give the id of one of", FIRST_WORK.id().toString(),
                        SECOND_WORK.id().toString());
    }

    @Test
    void aNameNoProjectHasIsRefused() {
        assertThatThrownBy(() -> Cli.resolveProject(listing(NOTES), "drafts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no project with the id or name drafts");
    }
}
