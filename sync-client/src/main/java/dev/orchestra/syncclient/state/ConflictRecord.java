package dev.orchestra.syncclient.state;

import java.util.UUID;

/** A conflict resolved by keeping both: the server's version under {@code path}, this device's under {@code copyPath}. */
public final class ConflictRecord {

    public String at;
    public String path;
    public String copyPath;
    public UUID fileId;
    public UUID copyFileId;
    public String reason;

    public ConflictRecord() {
    }

    public ConflictRecord(String at, String path, String copyPath, UUID fileId, UUID copyFileId, String reason) {
        this.at = at;
        this.path = path;
        this.copyPath = copyPath;
        this.fileId = fileId;
        this.copyFileId = copyFileId;
        this.reason = reason;
    }
}
