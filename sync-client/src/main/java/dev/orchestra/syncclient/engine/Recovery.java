package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.folder.LocalFolder;
import dev.orchestra.syncclient.state.ApplyIntent;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.RemoteState;
import java.io.IOException;
import java.util.Objects;

/**
 * Finishes what a crash interrupted, from the write-ahead intents: for each, the disk says whether the
 * operation happened (the file is at its "after" path with its "after" hash, or gone for a removal). If
 * it did, the entry takes the "after" view (and a rename's old path, still holding the old content, is
 * removed); if not, the entry keeps its "before" view and the change is applied again later (the cursor
 * was not moved past it, or it is still waiting). Nothing is guessed: a file holding anything else is a
 * local edit, which the next scan pushes.
 */
public final class Recovery {

    private Recovery() {
    }

    /** True when there were intents (the caller saves). */
    public static boolean recover(FolderState state, LocalFolder folder) throws IOException {
        if (state.intents.isEmpty()) {
            return false;
        }
        for (ApplyIntent intent : state.intents) {
            FileEntry entry = state.files.get(intent.fileId);
            if (entry == null) {
                continue;
            }
            boolean done = intent.afterPath == null
                    ? intent.beforePath == null || !Objects.equals(folder.hash(intent.beforePath), intent.beforeHash)
                    : Objects.equals(folder.hash(intent.afterPath), intent.afterHash);
            if (!done) {
                continue;
            }
            if (intent.afterPath == null && intent.evict) {
                entry.localPath = null;
                entry.localHash = null;
                state.waiting.putIfAbsent(entry.id,
                        new RemoteState(entry.id, entry.serverVersion, false, entry.serverPath, entry.serverHash));
                continue;
            }
            if (intent.afterPath == null) {
                state.files.remove(intent.fileId);
                continue;
            }
            if (intent.beforePath != null && !intent.beforePath.equals(intent.afterPath)
                    && Objects.equals(folder.hash(intent.beforePath), intent.beforeHash)) {
                folder.delete(intent.beforePath);
            }
            entry.localPath = intent.afterPath;
            entry.localHash = intent.afterHash;
            if (intent.afterVersion > 0) {
                entry.serverPath = intent.afterPath;
                entry.serverHash = intent.afterHash;
                entry.serverVersion = Math.max(entry.serverVersion, intent.afterVersion);
            }
        }
        state.intents.clear();
        return true;
    }
}
