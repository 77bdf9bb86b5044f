package dev.orchestra.syncclient.state;

import java.util.UUID;

/**
 * A file that is not synced, and why: refused by the server ({@code plan_limit}, {@code validation_failed})
 * or skipped here ({@code too_large}, {@code binary}, {@code invalid_path}, {@code not_utf8}). The file stays
 * on disk untouched; it is tried again when it changes (its hash), and server refusals also at each start.
 */
public final class Problem {

    public static final String TOO_LARGE = "too_large";
    public static final String BINARY = "binary";
    public static final String INVALID_PATH = "invalid_path";

    public String path;
    public UUID fileId;
    public String reason;
    public String message;
    public String contentHash;
    public String at;

    public Problem() {
    }

    public Problem(String path, UUID fileId, String reason, String message, String contentHash, String at) {
        this.path = path;
        this.fileId = fileId;
        this.reason = reason;
        this.message = message;
        this.contentHash = contentHash;
        this.at = at;
    }

    /** Refused by the server (as opposed to skipped here before pushing). */
    public boolean fromServer() {
        return !(TOO_LARGE.equals(reason) || BINARY.equals(reason) || INVALID_PATH.equals(reason));
    }
}
