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

    /** Commits the state (atomically): what was changed in memory is durable when this returns. */
    void save() throws IOException {
        store.save(state);
    }
}
