package dev.orchestra.syncclient.folder;

import dev.orchestra.syncclient.state.Blobs;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.Problem;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Finds local edits by comparing the disk with each file's local view: a tracked file whose content
 * differs → update; a tracked file gone → delete, unless a new path with the same content appeared in
 * the same scan → rename (a path update keeping the file's id); a new path → create. A file with a
 * mutation still unanswered is left for a later scan (one mutation per file in flight, so each gets the
 * right base version). Files the API cannot carry, or paths the server would refuse, are reported.
 * Hashes are cached by size and modification time (files changed in the last two seconds are always
 * read again: some file systems keep coarse times).
 */
public final class Scanner {

    public enum Kind { CREATE, UPDATE, RENAME, DELETE }

    /** A local edit: for CREATE and UPDATE the content as read; for RENAME the old path in {@code fromPath}. */
    public record Edit(Kind kind, UUID fileId, String path, String fromPath, byte[] content, String hash) {
    }

    /** A file left out, with a {@link Problem} reason. */
    public record Skip(String path, UUID fileId, String reason, String message, String hash) {
    }

    public record Result(List<Edit> edits, List<Skip> skipped) {
    }

    private record Stat(long size, long modified, String hash) {
    }

    private static final long RECENT_MILLIS = 2_000;

    private final LocalFolder folder;
    private final Clock clock;
    private final Map<String, Stat> hashes = new HashMap<>();

    public Scanner(LocalFolder folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Result scan(FolderState state) throws IOException {
        Map<String, DiskFile> disk = folder.list();
        hashes.keySet().retainAll(disk.keySet());
        List<Edit> edits = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<FileEntry> vanished = new ArrayList<>();
        Set<String> busyVanished = new HashSet<>();
        Set<String> trackedPaths = new HashSet<>();

        for (FileEntry entry : state.files.values()) {
            if (entry.localPath == null) {
                continue;
            }
            trackedPaths.add(entry.localPath);
            boolean busy = state.busy(entry.id);
            DiskFile file = disk.get(entry.localPath);
            if (file == null) {
                if (busy) {
                    busyVanished.add(entry.localHash);
                } else {
                    vanished.add(entry);
                }
                continue;
            }
            if (busy) {
                continue;
            }
            String hash = hash(file);
            if (hash == null || hash.equals(entry.localHash)) {
                continue;
            }
            byte[] content = folder.read(entry.localPath);
            if (content == null) {
                continue;
            }
            hash = Blobs.sha256(content);
            String[] refusal = ContentRules.refusal(content);
            if (refusal != null) {
                skipped.add(new Skip(entry.localPath, entry.id, refusal[0], refusal[1], hash));
            } else if (!known(state, entry.localPath, hash)) {
                edits.add(new Edit(Kind.UPDATE, entry.id, entry.localPath, null, content, hash));
            }
        }

        for (DiskFile file : disk.values()) {
            if (trackedPaths.contains(file.path())) {
                continue;
            }
            String hash = hash(file);
            if (hash == null) {
                continue;
            }
            FileEntry renamed = vanished.stream().filter(entry -> hash.equals(entry.localHash)).findFirst().orElse(null);
            String pathRefusal = PathRule.refusal(file.path());
            if (renamed != null) {
                vanished.remove(renamed);
                if (pathRefusal == null) {
                    edits.add(new Edit(Kind.RENAME, renamed.id, file.path(), renamed.localPath, null, hash));
                } else {
                    // Renamed to a path the server refuses: reported, and nothing is deleted on the server.
                    skipped.add(new Skip(file.path(), renamed.id, Problem.INVALID_PATH,
                            "renamed to a path the server refuses (" + pathRefusal + "): not synced", hash));
                }
                continue;
            }
            if (busyVanished.contains(hash) || known(state, file.path(), hash)) {
                // The move of a file whose mutation is in flight: next scan. Or a file refused as it is.
                continue;
            }
            if (pathRefusal != null) {
                skipped.add(new Skip(file.path(), null, Problem.INVALID_PATH, "a path the server refuses (" + pathRefusal + "): not synced", hash));
                continue;
            }
            byte[] content = folder.read(file.path());
            if (content == null) {
                continue;
            }
            String[] refusal = ContentRules.refusal(content);
            if (refusal != null) {
                skipped.add(new Skip(file.path(), null, refusal[0], refusal[1], Blobs.sha256(content)));
            } else {
                edits.add(new Edit(Kind.CREATE, UUID.randomUUID(), file.path(), null, content, Blobs.sha256(content)));
            }
        }
        for (FileEntry entry : vanished) {
            edits.add(new Edit(Kind.DELETE, entry.id, entry.localPath, null, null, null));
        }
        return new Result(edits, skipped);
    }

    /** A problem already recorded for exactly this content at this path: not tried again until it changes. */
    private static boolean known(FolderState state, String path, String hash) {
        return state.problemAt(path).map(problem -> hash.equals(problem.contentHash)).orElse(false);
    }

    /** The file's hash, from the cache when its size and time are unchanged and not recent; null if it vanished. */
    private String hash(DiskFile file) throws IOException {
        Stat cached = hashes.get(file.path());
        boolean recent = clock.millis() - file.modified() < RECENT_MILLIS;
        if (cached != null && cached.size() == file.size() && cached.modified() == file.modified() && !recent) {
            return cached.hash();
        }
        String hash = folder.hash(file.path());
        if (hash != null) {
            hashes.put(file.path(), new Stat(file.size(), file.modified(), hash));
        }
        return hash;
    }
}
