package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.folder.LocalFolder;
import dev.orchestra.syncclient.protocol.SyncApi;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.StateStore;
import java.io.IOException;
import java.time.Clock;

/** What the engine's parts share: the folder's state and where it is kept, the disk, the server, the log. Used on the engine's thread only. */
final class SyncContext {

    final FolderState state;
    final StateStore store;
    final LocalFolder folder;
    final SyncApi api;
    final SyncLog log;
    final Clock clock;
    final SyncStats stats;
    final MutationQueue queue;
    /** The state in memory differs from the last one saved: a save failed (or is under way). */
    private boolean unsaved;

    SyncContext(FolderState state, StateStore store, LocalFolder folder, SyncApi api, SyncLog log, Clock clock, SyncStats stats) {
        this.state = state;
        this.store = store;
        this.folder = folder;
        this.api = api;
        this.log = log;
        this.clock = clock;
        this.stats = stats;
        this.queue = new MutationQueue(state, store.blobs());
    }

    /**
     * Commits the state (atomically): what was changed in memory is durable when this returns. A failure
     * ({@link StateNotSaved}) leaves the state marked unsaved until a later save succeeds.
     */
    void save() throws IOException {
        unsaved = true;
        try {
            store.save(state);
        } catch (IOException | RuntimeException e) {
            throw new StateNotSaved(e);
        }
        unsaved = false;
    }

    /**
     * Saves again what a failed save left in memory only; a no-op when the last save succeeded. Runs
     * before anything is pushed or applied: a mutation the server sees must be durably queued (else a
     * crash would hand out its id again, and the server's answer could be taken for another mutation).
     */
    void ensureSaved() throws IOException {
        if (unsaved) {
            save();
            log.info("the folder's state is saved again");
        }
    }

    /** The folder's state could not be written: nothing is pushed or applied until it can be. */
    static final class StateNotSaved extends IOException {
        StateNotSaved(Exception cause) {
            super("cannot save the folder's state: " + cause.getMessage(), cause);
        }
    }
}
