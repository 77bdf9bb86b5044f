package dev.orchestra.syncclient.state;

import java.util.UUID;

/**
 * What the folder knows of one file, in two views. The server view ({@code serverPath},
 * {@code serverVersion}, {@code serverHash}) is the version last seen from the server: the
 * {@code base_version} of the next edit. The local view ({@code localPath}, {@code localHash}) is what the
 * disk held when the folder last took the file in (written by sync, or turned into a mutation): a scan
 * compares the disk with it to find edits. {@code serverVersion} 0: not on the server yet (a create is
 * pending). {@code localPath} null: not on disk, waiting to be written.
 */
public final class FileEntry {

    public UUID id;
    public String serverPath;
    public long serverVersion;
    public String serverHash;
    public String localPath;
    public String localHash;

    public FileEntry() {
    }

    public FileEntry(UUID id) {
        this.id = id;
    }

    public boolean onServer() {
        return serverVersion > 0;
    }
}
