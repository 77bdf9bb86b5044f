package dev.orchestra.syncclient.state;

import java.util.UUID;

/**
 * A file's state on the server that could not be written to disk yet (the file has a local edit that is
 * not pushed, or its path is taken by a local file): kept, and tried again once the local side is settled.
 */
public final class RemoteState {

    public UUID id;
    public long version;
    public boolean deleted;
    public String path;
    public String contentHash;

    public RemoteState() {
    }

    public RemoteState(UUID id, long version, boolean deleted, String path, String contentHash) {
        this.id = id;
        this.version = version;
        this.deleted = deleted;
        this.path = path;
        this.contentHash = contentHash;
    }
}
