package dev.orchestra.syncclient.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a synced folder keeps, saved whole in {@code .orchestra-sync/state.json} (see {@link StateStore}):
 * which project and device, where in the user's log the folder is ({@code cursor}, {@code lastSeq}), the
 * mutation ids, the pending queue, each file's two views, remote states waiting to be written, the
 * write-ahead intents of disk operations under way, and the conflicts and problems for {@code status}.
 */
public final class FolderState {

    public int format = 1;
    public String server;
    public String userId;
    public UUID projectId;
    public UUID deviceId;
    /** How conflict copies name this device ({@code … from NAME}). */
    public String deviceName;

    /** The cursor to pull from (opaque); null before the first snapshot completes. */
    public String cursor;
    /** The last seq of the user's log applied here: a socket frame must start right after it. */
    public long lastSeq;
    /** Whether a snapshot pull is under way (its pages so far applied, {@code snapshotSeen} listing their files). */
    public boolean inSnapshot;
    public List<UUID> snapshotSeen = new ArrayList<>();

    /** The id the next mutation gets. */
    public long nextMutationId = 1;
    /** The highest id the server acknowledged (ids up to it are in its queue or answered). */
    public long lastSubmittedMutationId;
    public List<PendingMutation> pending = new ArrayList<>();

    public TreeMap<UUID, FileEntry> files = new TreeMap<>();
    public TreeMap<UUID, RemoteState> waiting = new TreeMap<>();
    public List<ApplyIntent> intents = new ArrayList<>();

    public List<ConflictRecord> conflicts = new ArrayList<>();
    public List<Problem> problems = new ArrayList<>();

    public Optional<FileEntry> byLocalPath(String path) {
        return files.values().stream().filter(entry -> path.equals(entry.localPath)).findFirst();
    }

    /** The unanswered mutation of this file, if any (at most one at a time). */
    public Optional<PendingMutation> pendingFor(UUID fileId) {
        return pending.stream().filter(mutation -> mutation.fileId.equals(fileId)).findFirst();
    }

    public boolean busy(UUID fileId) {
        return pendingFor(fileId).isPresent();
    }

    public Optional<Problem> problemAt(String path) {
        return problems.stream().filter(problem -> path.equals(problem.path)).findFirst();
    }
}
