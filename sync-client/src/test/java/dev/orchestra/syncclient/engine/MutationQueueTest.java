package dev.orchestra.syncclient.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.protocol.Mutation;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.PendingMutation;
import dev.orchestra.syncclient.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationQueueTest {

    @TempDir
    Path dir;

    PendingMutation create(MutationQueue queue, StateStore store, FolderState state, String content) throws IOException {
        PendingMutation mutation = queue.add(PendingMutation.CREATE, UUID.randomUUID(), "new file");
        mutation.projectId = UUID.randomUUID();
        mutation.path = "f" + mutation.id + ".txt";
        mutation.contentHash = store.blobs().put(content.getBytes());
        return mutation;
    }

    @Test
    void idsGrowByOneAndCarryOnAfterAReload() throws IOException {
        StateStore store = new StateStore(dir);
        FolderState state = new FolderState();
        MutationQueue queue = new MutationQueue(state, store.blobs());
        create(queue, store, state, "a");
        create(queue, store, state, "b");
        store.save(state);

        FolderState reloaded = store.load();
        PendingMutation third = new MutationQueue(reloaded, store.blobs()).add(PendingMutation.DELETE, UUID.randomUUID(), "deleted");

        assertThat(reloaded.pending).extracting(mutation -> mutation.id).containsExactly(1L, 2L, 3L);
        assertThat(third.id).isEqualTo(3);
    }

    @Test
    void aPushCarriesAtMost500MutationsAndStaysWithinTheSizeLimit() throws IOException {
        StateStore store = new StateStore(dir);
        FolderState state = new FolderState();
        MutationQueue queue = new MutationQueue(state, store.blobs());
        for (int i = 0; i < 600; i++) {
            create(queue, store, state, "small " + i);
        }
        List<Mutation> first = queue.nextBatch();
        assertThat(first).hasSize(500);
        assertThat(first.get(0).id()).isEqualTo(1);
        queue.submitted(500, 1);
        assertThat(queue.nextBatch()).extracting(Mutation::id).first().isEqualTo(501L);

        FolderState big = new FolderState();
        MutationQueue bigQueue = new MutationQueue(big, store.blobs());
        for (int i = 0; i < 4; i++) {
            create(bigQueue, store, big, String.valueOf(i).repeat(900 * 1024));
        }
        // Two 900 KiB files fit in one push of 2 MiB, not three.
        assertThat(bigQueue.nextBatch()).hasSize(2);
    }

    @Test
    void theServersExpectedIdAcknowledgesWhatItHasOrRenumbersWhatItNeverSaw() throws IOException {
        StateStore store = new StateStore(dir);
        FolderState state = new FolderState();
        MutationQueue queue = new MutationQueue(state, store.blobs());
        for (int i = 0; i < 4; i++) {
            create(queue, store, state, "x" + i);
        }
        // The answer to a push of 1..2 was lost: the server expects 3.
        queue.realign(3, 1);
        assertThat(state.lastSubmittedMutationId).isEqualTo(2);
        assertThat(queue.unsubmitted()).extracting(mutation -> mutation.id).containsExactly(3L, 4L);

        // 1 and 2 answered; then the server says it expects 2 (the device's row was restored from an older
        // copy): 3 and 4, never seen by it, take the ids it expects.
        queue.remove(queue.byId(1).orElseThrow());
        queue.remove(queue.byId(2).orElseThrow());
        queue.realign(2, 1);
        assertThat(queue.unsubmitted()).extracting(mutation -> mutation.id).containsExactly(2L, 3L);
        assertThat(state.nextMutationId).isEqualTo(4);
    }

    @Test
    void droppingAnUnpushedMutationLeavesNoGap() throws IOException {
        StateStore store = new StateStore(dir);
        FolderState state = new FolderState();
        MutationQueue queue = new MutationQueue(state, store.blobs());
        PendingMutation first = create(queue, store, state, "1");
        create(queue, store, state, "2");
        create(queue, store, state, "3");

        queue.remove(first);
        queue.closeGaps();

        assertThat(queue.unsubmitted()).extracting(mutation -> mutation.id).containsExactly(1L, 2L);
        assertThat(state.nextMutationId).isEqualTo(3);
    }

    @Test
    void aMutationOnTheWireCarriesItsBlobsContentAndBaseVersion() throws IOException {
        StateStore store = new StateStore(dir);
        FolderState state = new FolderState();
        MutationQueue queue = new MutationQueue(state, store.blobs());
        PendingMutation update = queue.add(PendingMutation.UPDATE, UUID.randomUUID(), "edited");
        update.baseVersion = 3L;
        update.contentHash = store.blobs().put("new text".getBytes());

        Mutation wire = queue.toWire(update);

        assertThat(wire.toJson().toString()).contains("\"op\":\"update\"", "\"base_version\":3", "\"content\":\"new text\"")
                .doesNotContain("\"path\"");
    }
}
