package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.folder.ConflictNames;
import dev.orchestra.syncclient.folder.PathRule;
import dev.orchestra.syncclient.protocol.BatchGet;
import dev.orchestra.syncclient.protocol.Rejection;
import dev.orchestra.syncclient.protocol.RemoteFile;
import dev.orchestra.syncclient.state.ApplyIntent;
import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.ConflictRecord;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.PendingMutation;
import dev.orchestra.syncclient.state.Problem;
import dev.orchestra.syncclient.state.RemoteState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What each rejection does — never losing work:
 * <ul>
 *   <li>{@code stale_version} (edited here and elsewhere): the server's version is written under the
 *       name and this device's kept beside it as {@code name (conflict … from DEVICE).ext}, pushed as a
 *       new file. A rename alone is re-applied on the new version; a delete loses to the edit (the file
 *       is restored).</li>
 *   <li>{@code not_found} on an update (deleted elsewhere, edited here): pushed again as a new file
 *       under a new id (a tombstone's id stays taken). On a delete: already gone.</li>
 *   <li>{@code conflict} with {@code details.path} (the path is taken on the server): the local file
 *       moves to a conflict name and is pushed from there; otherwise (the id is taken) a new id.</li>
 *   <li>{@code plan_limit}, {@code validation_failed} and anything else: recorded as a problem (shown by
 *       {@code status}, written to the log), the file left untouched and not pushed again until it
 *       changes (or, for server refusals, until the next start).</li>
 * </ul>
 * Rejections are keyed by mutation id: one whose mutation is no longer pending was handled already (a
 * pull lists again what a frame brought), and is skipped.
 */
final class Rejections {

    private final SyncContext context;
    private final RemoteApplier applier;

    Rejections(SyncContext context, RemoteApplier applier) {
        this.context = context;
        this.applier = applier;
    }

    void handle(List<Rejection> rejections) throws IOException {
        boolean any = false;
        for (Rejection rejection : rejections) {
            PendingMutation mutation = context.queue.byId(rejection.mutationId()).orElse(null);
            if (mutation == null || !mutation.fileId.equals(rejection.entityId()) || mutation.id > context.state.lastSubmittedMutationId) {
                continue;
            }
            any = true;
            context.stats.rejections.incrementAndGet();
            FileEntry entry = context.state.files.get(mutation.fileId);
            String where = mutation.path != null ? mutation.path : entry != null && entry.localPath != null ? entry.localPath
                    : entry != null ? entry.serverPath : String.valueOf(mutation.fileId);
            context.log.warn(where + ": mutation " + mutation.describe() + " rejected: " + rejection.describe());
            switch (rejection.reason()) {
                case Rejection.STALE_VERSION -> stale(mutation, entry);
                case Rejection.NOT_FOUND -> notFound(mutation, entry, rejection);
                case Rejection.CONFLICT -> {
                    if (rejection.details() != null && rejection.details().has("path")) {
                        pathTaken(mutation, entry);
                    } else if (PendingMutation.CREATE.equals(mutation.op) && entry != null) {
                        recreate(entry, "re-created under a new id: the id was taken");
                    } else {
                        giveUp(mutation, entry, rejection);
                    }
                }
                default -> giveUp(mutation, entry, rejection);
            }
            // Dropped only now, with the effects: a crash before this save leaves the mutation pending, and
            // the rejection, listed again by the next pull, is handled again.
            context.queue.remove(mutation);
            context.save();
        }
        if (any) {
            applier.retryWaiting();
        }
    }

    /** Edited here on a version that is no longer the server's: both sides kept. */
    private void stale(PendingMutation mutation, FileEntry entry) throws IOException {
        if (entry == null) {
            return;
        }
        RemoteFile server = current(entry.id);
        if (server == null) {
            // Deleted since: the same as not_found.
            notFound(mutation, entry, null);
            return;
        }
        byte[] serverBytes = bytes(server);
        String serverHash = Blobs.sha256(serverBytes);
        byte[] localBytes = entry.localPath == null ? null : context.folder.read(entry.localPath);
        if (localBytes == null || PendingMutation.DELETE.equals(mutation.op)) {
            // Deleted here, changed there: the change wins, the file comes back.
            restore(entry, server, serverBytes, serverHash);
            context.log.warn(server.path() + ": deleted here but changed on another device: restored");
            return;
        }
        String localHash = Blobs.sha256(localBytes);
        boolean renamedHere = !PathRule.normalise(entry.localPath).equals(server.path());
        if (localHash.equals(serverHash) || (mutation.contentHash == null && localHash.equals(entry.serverHash))) {
            // Same content on both sides, or only a rename here: the server's content, this device's path.
            String path = entry.localPath;
            if (!localHash.equals(serverHash)) {
                intend(entry, path, localHash, path, serverHash, server.version());
                context.folder.write(path, serverBytes);
                context.state.intents.clear();
            }
            setViews(entry, server, serverHash, path);
            if (renamedHere) {
                PendingMutation rename = context.queue.add(PendingMutation.UPDATE, entry.id, "rename, again on the newer version");
                rename.baseVersion = server.version();
                rename.path = PathRule.normalise(path);
            }
            return;
        }
        String copyPath = conflictPath(entry.localPath);
        UUID copyId = UUID.randomUUID();
        String copyHash = context.store.blobs().put(localBytes);
        intend(entry, entry.localPath, localHash, server.path(), serverHash, server.version());
        // The conflict copy first: from here on this device's content is on disk twice, then once.
        context.folder.write(copyPath, localBytes);
        if (server.path().equals(entry.localPath)) {
            context.folder.write(server.path(), serverBytes);
        } else {
            if (!context.folder.exists(server.path())) {
                context.folder.write(server.path(), serverBytes);
            }
            context.folder.delete(entry.localPath);
        }
        context.state.intents.clear();
        boolean written = java.util.Objects.equals(context.folder.hash(server.path()), serverHash);
        setViews(entry, server, serverHash, written ? server.path() : null);
        if (!written) {
            context.state.waiting.put(entry.id, new RemoteState(entry.id, server.version(), false, server.path(), serverHash));
        }
        FileEntry copy = new FileEntry(copyId);
        copy.localPath = copyPath;
        copy.localHash = copyHash;
        context.state.files.put(copyId, copy);
        PendingMutation create = context.queue.add(PendingMutation.CREATE, copyId, "conflict copy of " + server.path());
        create.projectId = context.state.projectId;
        create.path = PathRule.normalise(copyPath);
        create.contentHash = copyHash;
        context.state.conflicts.add(new ConflictRecord(context.clock.instant().toString(), server.path(), copyPath, entry.id, copyId,
                "edited here and on another device"));
        context.stats.conflicts.incrementAndGet();
        context.log.warn(server.path() + ": edited here and on another device: the server's version kept under the name, this device's as "
                + copyPath);
    }

    private void notFound(PendingMutation mutation, FileEntry entry, Rejection rejection) throws IOException {
        if (entry == null) {
            return;
        }
        switch (mutation.op) {
            case PendingMutation.DELETE -> {
                context.state.files.remove(entry.id);
                context.state.waiting.remove(entry.id);
            }
            case PendingMutation.UPDATE -> recreate(entry, "re-created: deleted on the server, edited here");
            default -> giveUp(mutation, entry, rejection);
        }
    }

    /** Pushes the local file again as a new file (a new id): its old id is a tombstone, or taken. */
    private void recreate(FileEntry entry, String purpose) throws IOException {
        context.state.files.remove(entry.id);
        context.state.waiting.remove(entry.id);
        byte[] bytes = entry.localPath == null ? null : context.folder.read(entry.localPath);
        if (bytes == null) {
            return;
        }
        FileEntry fresh = new FileEntry(UUID.randomUUID());
        fresh.localPath = entry.localPath;
        fresh.localHash = context.store.blobs().put(bytes);
        context.state.files.put(fresh.id, fresh);
        PendingMutation create = context.queue.add(PendingMutation.CREATE, fresh.id, purpose);
        create.projectId = context.state.projectId;
        create.path = PathRule.normalise(fresh.localPath);
        create.contentHash = fresh.localHash;
        context.log.warn(fresh.localPath + ": " + purpose);
    }

    /** The path is taken on the server by another file: this one moves to a conflict name and is pushed from there. */
    private void pathTaken(PendingMutation mutation, FileEntry entry) throws IOException {
        if (entry == null || entry.localPath == null || !context.folder.exists(entry.localPath)) {
            if (entry != null && !entry.onServer()) {
                context.state.files.remove(entry.id);
            }
            return;
        }
        String from = entry.localPath;
        String copyPath = conflictPath(from);
        String hash = context.folder.hash(from);
        intend(entry, from, hash, copyPath, hash, 0);
        context.folder.move(from, copyPath);
        context.state.intents.clear();
        entry.localPath = copyPath;
        entry.localHash = hash;
        UUID copyId = entry.id;
        if (PendingMutation.CREATE.equals(mutation.op)) {
            context.state.files.remove(entry.id);
            FileEntry copy = new FileEntry(UUID.randomUUID());
            copy.localPath = copyPath;
            copy.localHash = context.store.blobs().put(context.folder.read(copyPath));
            context.state.files.put(copy.id, copy);
            PendingMutation create = context.queue.add(PendingMutation.CREATE, copy.id, "conflict copy: " + from + " is taken on the server");
            create.projectId = context.state.projectId;
            create.path = PathRule.normalise(copyPath);
            create.contentHash = copy.localHash;
            copyId = copy.id;
        } else {
            PendingMutation rename = context.queue.add(PendingMutation.UPDATE, entry.id, "conflict copy: " + from + " is taken on the server");
            rename.baseVersion = entry.serverVersion;
            rename.path = PathRule.normalise(copyPath);
            if (!hash.equals(entry.serverHash)) {
                rename.contentHash = context.store.blobs().put(context.folder.read(copyPath));
            }
        }
        context.state.conflicts.add(new ConflictRecord(context.clock.instant().toString(), from, copyPath, null, copyId,
                "the path was taken on the server by another file"));
        context.stats.conflicts.incrementAndGet();
        context.log.warn(from + ": taken on the server by another file: this device's file kept as " + copyPath);
    }

    /** A mutation the push itself refused (422 naming it): dropped like a validation_failed rejection. */
    void refusedByPush(PendingMutation mutation, String message) throws IOException {
        giveUp(mutation, context.state.files.get(mutation.fileId),
                new Rejection(mutation.id, "file", mutation.fileId, Rejection.VALIDATION_FAILED, message, null, null, null));
        context.queue.remove(mutation);
    }

    /** Refused for good (plan limit, validation): recorded, the file left as it is and not pushed again until it changes. */
    private void giveUp(PendingMutation mutation, FileEntry entry, Rejection rejection) throws IOException {
        String path = entry != null && entry.localPath != null ? entry.localPath : mutation.path;
        String reason = rejection == null ? Rejection.NOT_FOUND : rejection.reason();
        String message = rejection == null ? "not found" : rejection.describe();
        if (PendingMutation.CREATE.equals(mutation.op) && entry != null) {
            context.state.files.remove(entry.id);
        }
        if (PendingMutation.DELETE.equals(mutation.op) && entry != null && entry.onServer()) {
            // The server keeps the file: it comes back to disk.
            context.state.waiting.put(entry.id, new RemoteState(entry.id, entry.serverVersion, false, entry.serverPath, entry.serverHash));
        }
        if (path != null) {
            String hash = context.folder.hash(path);
            context.state.problems.removeIf(problem -> path.equals(problem.path));
            context.state.problems.add(new Problem(path, entry == null ? null : entry.id, reason, message, hash, context.clock.instant().toString()));
            context.log.warn(path + ": not synced (" + message + "); the file is left as it is");
        }
    }

    private void restore(FileEntry entry, RemoteFile server, byte[] bytes, String hash) throws IOException {
        if (context.folder.exists(server.path()) && !server.path().equals(entry.localPath)) {
            entry.localPath = null;
            entry.localHash = null;
            context.state.waiting.put(entry.id, new RemoteState(entry.id, server.version(), false, server.path(), hash));
            entry.serverVersion = server.version();
            entry.serverPath = server.path();
            entry.serverHash = hash;
            return;
        }
        intend(entry, entry.localPath, entry.localHash, server.path(), hash, server.version());
        context.folder.write(server.path(), bytes);
        context.state.intents.clear();
        setViews(entry, server, hash, server.path());
    }

    private void setViews(FileEntry entry, RemoteFile server, String hash, String localPath) {
        entry.serverPath = server.path();
        entry.serverVersion = server.version();
        entry.serverHash = hash;
        entry.localPath = localPath;
        entry.localHash = localPath == null ? null : hash;
    }

    /** Saves the write-ahead intent of a disk operation on this entry. */
    private void intend(FileEntry entry, String beforePath, String beforeHash, String afterPath, String afterHash, long afterVersion)
            throws IOException {
        context.state.intents.add(new ApplyIntent(entry.id, beforePath, beforeHash, afterPath, afterHash, afterVersion));
        context.save();
    }

    private String conflictPath(String path) {
        return ConflictNames.conflictPath(path, ZonedDateTime.ofInstant(context.clock.instant(), context.clock.getZone()),
                context.state.deviceName,
                candidate -> context.folder.exists(candidate) || context.state.byLocalPath(candidate).isPresent());
    }

    /** The file as the server has it now (null: no live file of the project). */
    private RemoteFile current(UUID id) throws IOException {
        BatchGet got = context.api.batchGet(context.state.projectId, List.of(id));
        return got.files().stream().filter(file -> file.id().equals(id)).findFirst().orElse(null);
    }

    private static byte[] bytes(RemoteFile file) {
        return file.content() == null ? new byte[0] : file.content().getBytes(StandardCharsets.UTF_8);
    }
}
