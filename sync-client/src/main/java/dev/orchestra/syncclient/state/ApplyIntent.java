package dev.orchestra.syncclient.state;

import java.util.UUID;

/**
 * Write-ahead record of one disk operation on a tracked file, saved before the disk is touched:
 * the file was at {@code beforePath} with {@code beforeHash} (null: absent) and is to be at
 * {@code afterPath} with {@code afterHash} (null: removed). After a crash, the disk says which of the two
 * is true, and the entry is set to match; until the intent is cleared, the entry keeps the "before" view.
 */
public final class ApplyIntent {

    public UUID fileId;
    public String beforePath;
    public String beforeHash;
    public String afterPath;
    public String afterHash;
    /** The server version the file is at once the operation is done. */
    public long afterVersion;
    /** A removal that keeps the entry (marked absent, to be written again elsewhere), not a remote delete. */
    public boolean evict;

    public ApplyIntent() {
    }

    public ApplyIntent(UUID fileId, String beforePath, String beforeHash, String afterPath, String afterHash, long afterVersion) {
        this.fileId = fileId;
        this.beforePath = beforePath;
        this.beforeHash = beforeHash;
        this.afterPath = afterPath;
        this.afterHash = afterHash;
        this.afterVersion = afterVersion;
    }
}
