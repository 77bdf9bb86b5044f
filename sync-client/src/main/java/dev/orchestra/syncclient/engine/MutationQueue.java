package dev.orchestra.syncclient.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.syncclient.protocol.Json;
import dev.orchestra.syncclient.protocol.Mutation;
import dev.orchestra.syncclient.protocol.SyncApi;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.PendingMutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The pending queue's rules. Ids are given as mutations are queued, growing by one per device; the
 * server acknowledges ids up to its last submitted, drops repeats (so a push whose answer was lost is
 * simply pushed again) and refuses gaps. A mutation stays queued until answered, and a file has at most
 * one mutation in the queue: its next edit waits for the answer, which gives the right base version.
 */
public final class MutationQueue {

    /** Room kept in a push's 2 MiB for the envelope and JSON punctuation. */
    static final int PUSH_BUDGET = SyncApi.MAX_PUSH_BYTES - 64 * 1024;

    private final FolderState state;
    private final Blobs blobs;

    public MutationQueue(FolderState state, Blobs blobs) {
        this.state = state;
        this.blobs = blobs;
    }

    /** Queues a mutation under the next id (the caller saves the state before pushing). */
    public PendingMutation add(String op, UUID fileId, String purpose) {
        PendingMutation mutation = new PendingMutation(state.nextMutationId++, op, fileId, purpose);
        state.pending.add(mutation);
        return mutation;
    }

    public Optional<PendingMutation> byId(long id) {
        return state.pending.stream().filter(mutation -> mutation.id == id).findFirst();
    }

    public void remove(PendingMutation mutation) {
        state.pending.remove(mutation);
    }

    /** Mutations not yet acknowledged by a push, in id order. */
    public List<PendingMutation> unsubmitted() {
        return state.pending.stream().filter(mutation -> mutation.id > state.lastSubmittedMutationId)
                .sorted(Comparator.comparingLong(mutation -> mutation.id)).toList();
    }

    /** Mutations pushed but not answered, in id order. */
    public List<PendingMutation> unanswered() {
        return state.pending.stream().filter(mutation -> mutation.id <= state.lastSubmittedMutationId)
                .sorted(Comparator.comparingLong(mutation -> mutation.id)).toList();
    }

    /** The next push: the oldest unsubmitted mutations, at most 500 and within the size limit. */
    public List<Mutation> nextBatch() throws IOException {
        List<Mutation> batch = new ArrayList<>();
        long bytes = 0;
        for (PendingMutation pending : unsubmitted()) {
            Mutation mutation = toWire(pending);
            long size = Json.MAPPER.writeValueAsBytes(mutation.toJson()).length + 1;
            if (!batch.isEmpty() && (batch.size() == SyncApi.MAX_MUTATIONS_PER_PUSH || bytes + size > PUSH_BUDGET)) {
                break;
            }
            batch.add(mutation);
            bytes += size;
        }
        return batch;
    }

    /** The server acknowledged ids up to {@code last}. */
    public void submitted(long last, long now) {
        for (PendingMutation mutation : state.pending) {
            if (mutation.id <= last && mutation.submittedAt == 0) {
                mutation.submittedAt = now;
            }
        }
        state.lastSubmittedMutationId = Math.max(state.lastSubmittedMutationId, last);
    }

    /**
     * The server expects {@code expected} next (a 409 gap). Ids below it it already has: acknowledged.
     * If it expects less than the first id not yet pushed (the state was restored from an older copy, or
     * mutations were dropped before being pushed), the unpushed ones are numbered again from it: no
     * server has seen them, so their ids are still free to change.
     */
    public void realign(long expected, long now) {
        List<PendingMutation> waiting = unsubmitted();
        if (waiting.isEmpty()) {
            state.lastSubmittedMutationId = expected - 1;
            state.nextMutationId = Math.max(state.nextMutationId, expected);
            return;
        }
        if (expected > waiting.get(0).id) {
            submitted(expected - 1, now);
            return;
        }
        state.lastSubmittedMutationId = expected - 1;
        renumberFrom(expected);
    }

    /** Numbers the unsubmitted mutations again, gapless, from the one after the last submitted. */
    public void closeGaps() {
        renumberFrom(state.lastSubmittedMutationId + 1);
    }

    private void renumberFrom(long first) {
        long id = first;
        for (PendingMutation mutation : unsubmitted()) {
            mutation.id = id++;
        }
        state.nextMutationId = id;
    }

    /** The mutation as pushed: its data built from the blob the content was kept in. */
    public Mutation toWire(PendingMutation pending) throws IOException {
        ObjectNode data = null;
        switch (pending.op) {
            case PendingMutation.CREATE -> {
                data = Json.MAPPER.createObjectNode();
                data.put("project_id", pending.projectId.toString()).put("path", pending.path).put("content", content(pending.contentHash));
            }
            case PendingMutation.UPDATE -> {
                data = Json.MAPPER.createObjectNode();
                if (pending.path != null) {
                    data.put("path", pending.path);
                }
                if (pending.contentHash != null) {
                    data.put("content", content(pending.contentHash));
                }
            }
            default -> {
                // delete: no data
            }
        }
        return new Mutation(pending.id, "file", pending.op, pending.fileId, pending.baseVersion, data);
    }

    private String content(String hash) throws IOException {
        return new String(blobs.get(hash), StandardCharsets.UTF_8);
    }
}
