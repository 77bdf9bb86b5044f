package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.paging.Cursors;
import dev.orchestra.sync.domain.EntityKind;
import java.util.UUID;

/**
 * A device's position (opaque to it): in the log — the last seq it has and the last rejection it was
 * sent — or inside a snapshot taken at one seq — the last entity of the previous page. Made for one
 * user's device: any other's is a 422.
 */
public record SyncCursor(boolean snapshot, long seq, EntityKind afterKind, UUID afterId, long lastRejectionId) {

    public static SyncCursor log(long seq, long lastRejectionId) {
        return new SyncCursor(false, seq, null, null, lastRejectionId);
    }

    public static SyncCursor snapshot(long atSeq, EntityKind afterKind, UUID afterId, long lastRejectionId) {
        return new SyncCursor(true, atSeq, afterKind, afterId, lastRejectionId);
    }

    static String scope(UUID userId, UUID deviceId) {
        return "sync:" + userId + ":" + deviceId;
    }

    public String encode(UUID userId, UUID deviceId) {
        String position = snapshot
                ? "S|" + seq + "|" + afterKind.wire() + "|" + afterId + "|" + lastRejectionId
                : "L|" + seq + "|" + lastRejectionId;
        return Cursors.encode(scope(userId, deviceId), position);
    }

    public static SyncCursor decode(UUID userId, UUID deviceId, String cursor) {
        String[] parts = Cursors.decode(scope(userId, deviceId), cursor).split("\\|", -1);
        try {
            if (parts.length == 3 && parts[0].equals("L")) {
                return log(nonNegative(parts[1]), nonNegative(parts[2]));
            }
            if (parts.length == 5 && parts[0].equals("S") && EntityKind.ofWire(parts[2]) != null) {
                return snapshot(nonNegative(parts[1]), EntityKind.ofWire(parts[2]), UUID.fromString(parts[3]), nonNegative(parts[4]));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw invalid();
    }

    static ApiException invalid() {
        return ApiException.invalid("cursor", "The cursor is invalid or belongs to another device");
    }

    private static long nonNegative(String text) {
        long value = Long.parseLong(text);
        if (value < 0) {
            throw new IllegalArgumentException();
        }
        return value;
    }
}
