package dev.orchestra.syncclient.state;

import java.util.UUID;

/**
 * A local edit turned into a mutation, kept until the server has answered it (a change with this
 * device and id as origin, a rejection, or a pull's {@code last_mutation_id} at or past it). Content is
 * not inline: {@code contentHash} names a blob in {@code .orchestra-sync/blobs/}, written before this entry.
 */
public final class PendingMutation {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";

    /** The mutation id: per device, growing by one, never reused. */
    public long id;
    public String op;
    public UUID fileId;
    /** The project a create goes to. */
    public UUID projectId;
    /** For update and delete: the server version the edit was made on. */
    public Long baseVersion;
    /** Create: the path; update: the new path, or null when the path stays. */
    public String path;
    /** Create: the content; update: the new content, or null when the content stays. */
    public String contentHash;
    /** Why it was made (edit, rename, conflict copy, re-create, …): for {@code status} and the log. */
    public String purpose;
    /** Epoch millis of the push the server acknowledged; 0 while not pushed. */
    public long submittedAt;

    public PendingMutation() {
    }

    public PendingMutation(long id, String op, UUID fileId, String purpose) {
        this.id = id;
        this.op = op;
        this.fileId = fileId;
        this.purpose = purpose;
    }

    /** The path this mutation leaves the file at (null: unchanged or deleted). */
    public String describe() {
        return "#" + id + " " + op + " " + (path != null ? path : fileId) + (purpose == null ? "" : " (" + purpose + ")");
    }
}
