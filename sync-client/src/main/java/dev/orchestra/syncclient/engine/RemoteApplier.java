package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.protocol.BatchGet;
import dev.orchestra.syncclient.protocol.RemoteFile;
import dev.orchestra.syncclient.protocol.SyncApi;
import dev.orchestra.syncclient.state.ApplyIntent;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.RemoteState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Brings remote file states onto the disk — never over a local edit that is not pushed yet. For each
 * file's latest remote state it decides one action:
 * <ul>
 *   <li>write (content by batch-get, atomically), move (same content, new path), delete, or only
 *       record the new version (the disk already holds it: this device's own change coming back);</li>
 *   <li>adopt: an untracked local file at the path already has the server's content;</li>
 *   <li>wait: the file has a mutation in flight, or a local edit the scan has not queued yet, or its
 *       path is taken by a local file — kept in {@code waiting} and tried again once the local side is
 *       settled (the edit pushed and answered, the conflict resolved).</li>
 * </ul>
 * Disk operations of a pass are recorded as write-ahead intents first, then done, then committed with
 * the entries (see {@link Recovery}). A path freed by another file of the same batch is taken on a
 * second pass; a cycle (two files swapping paths) is broken by removing one clean copy and writing it
 * again.
 */
final class RemoteApplier {

    private enum Action { DELETE, MOVE, WRITE, RECORD, ADOPT }

    private static final class Plan {
        RemoteState remote;
        final FileEntry entry;
        final Action action;
        final String beforePath;
        final String beforeHash;
        byte[] content;

        Plan(RemoteState remote, FileEntry entry, Action action) {
            this.remote = remote;
            this.entry = entry;
            this.action = action;
            this.beforePath = entry == null ? null : entry.localPath;
            this.beforeHash = entry == null ? null : entry.localHash;
        }
    }

    private final SyncContext context;

    RemoteApplier(SyncContext context) {
        this.context = context;
    }

    /** Applies these remote states (one per file, the latest); what cannot be applied now is kept waiting. Saves. */
    void settle(Collection<RemoteState> remotes) throws IOException {
        List<RemoteState> todo = new ArrayList<>(remotes);
        boolean evicted = false;
        while (!todo.isEmpty()) {
            Set<UUID> inThisRound = new HashSet<>();
            todo.forEach(remote -> inThisRound.add(remote.id));
            List<Plan> plans = new ArrayList<>();
            List<RemoteState> blocked = new ArrayList<>();
            Set<String> claimed = new HashSet<>();
            for (RemoteState remote : todo) {
                decide(remote, plans, blocked, claimed, inThisRound);
            }
            fetchContent(plans);
            execute(plans);
            context.save();
            if (blocked.isEmpty()) {
                break;
            }
            if (plans.isEmpty()) {
                if (evicted) {
                    blocked.forEach(remote -> context.state.waiting.put(remote.id, remote));
                    break;
                }
                blocked = evictOccupants(blocked);
                evicted = true;
            }
            todo = blocked;
        }
        context.save();
    }

    /** Tries every waiting remote state again. */
    void retryWaiting() throws IOException {
        if (!context.state.waiting.isEmpty()) {
            settle(new ArrayList<>(context.state.waiting.values()));
        }
    }

    private void decide(RemoteState remote, List<Plan> plans, List<RemoteState> blocked, Set<String> claimed, Set<UUID> inThisRound)
            throws IOException {
        var state = context.state;
        FileEntry entry = state.files.get(remote.id);
        if (entry != null && entry.serverVersion >= remote.version && (remote.deleted || entry.localPath != null)) {
            dropWaiting(remote.id, entry.serverVersion);
            return;
        }
        if (remote.deleted) {
            if (entry == null) {
                state.waiting.remove(remote.id);
            } else if (state.busy(entry.id)) {
                state.waiting.put(remote.id, remote);
            } else if (entry.localPath == null) {
                state.files.remove(entry.id);
                state.waiting.remove(remote.id);
            } else {
                String disk = context.folder.hash(entry.localPath);
                if (disk == null) {
                    state.files.remove(entry.id);
                    state.waiting.remove(remote.id);
                } else if (!disk.equals(entry.localHash)) {
                    wait(remote, "deleted on the server but edited here: kept, and pushed again as a new file", entry.localPath);
                } else {
                    plans.add(new Plan(remote, entry, Action.DELETE));
                }
            }
            return;
        }
        if (state.busy(remote.id)) {
            state.waiting.put(remote.id, remote);
            return;
        }
        if (entry != null && entry.localPath != null) {
            String disk = context.folder.hash(entry.localPath);
            if (!Objects.equals(disk, entry.localHash)) {
                // A local edit (or removal) not queued yet: the scan pushes it on the version we know, and
                // the server's answer (stale_version or not_found) settles it without losing either side.
                state.waiting.put(remote.id, remote);
                return;
            }
            if (remote.path.equals(entry.localPath)) {
                plans.add(new Plan(remote, entry, remote.contentHash.equals(entry.localHash) ? Action.RECORD : Action.WRITE));
                claimed.add(remote.path);
                return;
            }
        }
        if (claimed.contains(remote.path)) {
            blocked.add(remote);
            return;
        }
        if (context.folder.exists(remote.path)) {
            FileEntry occupant = state.byLocalPath(remote.path).orElse(null);
            if (occupant == null) {
                String there = context.folder.hash(remote.path);
                if ((entry == null || entry.localPath == null) && remote.contentHash.equals(there)) {
                    plans.add(new Plan(remote, entry, Action.ADOPT));
                    claimed.add(remote.path);
                } else {
                    wait(remote, "the server's file could not be written: a local file not synced yet has its path", remote.path);
                }
            } else if (!state.busy(occupant.id) && (state.waiting.containsKey(occupant.id) || inThisRound.contains(occupant.id))) {
                blocked.add(remote); // the occupant moves away in this round or is waiting to: try after it
            } else {
                state.waiting.put(remote.id, remote);
            }
            return;
        }
        claimed.add(remote.path);
        boolean sameContentOnDisk = entry != null && entry.localPath != null && remote.contentHash.equals(entry.localHash);
        plans.add(new Plan(remote, entry, sameContentOnDisk ? Action.MOVE : Action.WRITE));
    }

    private void wait(RemoteState remote, String why, String path) {
        RemoteState before = context.state.waiting.put(remote.id, remote);
        if (before == null || before.version != remote.version) {
            context.log.warn(path + ": " + why);
        }
    }

    private void dropWaiting(UUID id, long knownVersion) {
        RemoteState waiting = context.state.waiting.get(id);
        if (waiting != null && waiting.version <= knownVersion && !waiting.deleted) {
            context.state.waiting.remove(id);
        }
    }

    /** Content for the writes, by batch-get (100 ids a call; what did not fit in an answer is asked for again). */
    private void fetchContent(List<Plan> plans) throws IOException {
        Map<UUID, Plan> byId = new LinkedHashMap<>();
        for (Plan plan : plans) {
            if (plan.action == Action.WRITE) {
                byId.put(plan.remote.id, plan);
            }
        }
        List<UUID> remaining = new ArrayList<>(byId.keySet());
        while (!remaining.isEmpty()) {
            List<UUID> ask = List.copyOf(remaining.subList(0, Math.min(remaining.size(), SyncApi.MAX_BATCH_GET_IDS)));
            BatchGet got = context.api.batchGet(context.state.projectId, ask);
            for (RemoteFile file : got.files()) {
                Plan plan = byId.get(file.id());
                if (plan == null) {
                    continue;
                }
                byte[] bytes = file.content() == null ? new byte[0] : file.content().getBytes(StandardCharsets.UTF_8);
                plan.content = bytes;
                // batch-get answers the file as it is now: maybe a later version than the change said.
                plan.remote = new RemoteState(file.id(), Math.max(file.version(), plan.remote.version), false, file.path(), Blobs.sha256(bytes));
                remaining.remove(file.id());
            }
            // Missing: deleted since (the log brings the delete) — nothing to write.
            remaining.removeAll(got.missing());
            if (got.files().isEmpty() && got.missing().isEmpty()) {
                throw new IOException("batch-get answered none of " + ask.size() + " ids");
            }
        }
        plans.removeIf(plan -> plan.action == Action.WRITE && plan.content == null);
    }

    private void execute(List<Plan> plans) throws IOException {
        if (plans.isEmpty()) {
            return;
        }
        var state = context.state;
        for (Plan plan : plans) {
            if (plan.action != Action.RECORD && plan.action != Action.ADOPT) {
                state.intents.add(new ApplyIntent(plan.remote.id, plan.beforePath, plan.beforeHash,
                        plan.action == Action.DELETE ? null : plan.remote.path, plan.action == Action.DELETE ? null : plan.remote.contentHash,
                        plan.action == Action.DELETE ? 0 : plan.remote.version));
            }
        }
        if (!state.intents.isEmpty()) {
            context.save();
        }
        for (Plan plan : plans) {
            if (!apply(plan)) {
                state.waiting.put(plan.remote.id, plan.remote);
            }
        }
        state.intents.clear();
    }

    /** One plan on disk; false when the disk changed under it (an edit arrived meanwhile): then it waits. */
    private boolean apply(Plan plan) throws IOException {
        var state = context.state;
        var folder = context.folder;
        RemoteState remote = plan.remote;
        if (plan.beforePath != null && !Objects.equals(folder.hash(plan.beforePath), plan.beforeHash)) {
            return false;
        }
        switch (plan.action) {
            case DELETE -> {
                folder.delete(plan.beforePath);
                state.files.remove(remote.id);
                state.waiting.remove(remote.id);
                context.log.info(plan.beforePath + ": deleted (deleted on the server)");
                return true;
            }
            case MOVE -> {
                if (folder.exists(remote.path)) {
                    return false;
                }
                folder.move(plan.beforePath, remote.path);
                context.log.info(plan.beforePath + " → " + remote.path + ": renamed (renamed on the server)");
            }
            case WRITE -> {
                boolean inPlace = remote.path.equals(plan.beforePath);
                if (!inPlace && folder.exists(remote.path)) {
                    return false;
                }
                folder.write(remote.path, plan.content);
                if (plan.beforePath != null && !inPlace) {
                    folder.delete(plan.beforePath);
                }
                context.stats.filesWritten.incrementAndGet();
            }
            case RECORD, ADOPT -> {
                // The disk already holds this content at this path.
            }
        }
        FileEntry entry = state.files.computeIfAbsent(remote.id, FileEntry::new);
        entry.serverPath = remote.path;
        entry.serverVersion = remote.version;
        entry.serverHash = remote.contentHash;
        entry.localPath = remote.path;
        entry.localHash = remote.contentHash;
        RemoteState waiting = state.waiting.get(remote.id);
        if (waiting != null && waiting.version <= remote.version) {
            state.waiting.remove(remote.id);
        }
        state.problems.removeIf(problem -> remote.path.equals(problem.path) && !problem.fromServer());
        return true;
    }

    /**
     * Nothing moved: the blocked files' paths are held by clean tracked files that must move first, in a
     * cycle. Each such occupant is removed from disk (the server has exactly this content) and marked
     * absent, to be written again at its new path once that is free.
     */
    private List<RemoteState> evictOccupants(List<RemoteState> blocked) throws IOException {
        var state = context.state;
        List<RemoteState> next = new ArrayList<>(blocked);
        for (RemoteState remote : blocked) {
            FileEntry occupant = state.byLocalPath(remote.path).orElse(null);
            if (occupant == null || state.busy(occupant.id) || !Objects.equals(context.folder.hash(occupant.localPath), occupant.localHash)) {
                continue;
            }
            ApplyIntent eviction = new ApplyIntent(occupant.id, occupant.localPath, occupant.localHash, null, null, 0);
            eviction.evict = true;
            state.intents.add(eviction);
            context.save();
            context.folder.delete(occupant.localPath);
            occupant.localPath = null;
            occupant.localHash = null;
            state.intents.clear();
            RemoteState itsNext = state.waiting.remove(occupant.id);
            next.add(itsNext != null ? itsNext
                    : new RemoteState(occupant.id, occupant.serverVersion, false, occupant.serverPath, occupant.serverHash));
            context.save();
        }
        return next;
    }
}
