package dev.orchestra.platform.paging;

import dev.orchestra.platform.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque cursors (docs/architecture.md section 2). Inside, a cursor names the list it was made for — its
 * scope, such as {@code projects:<user id>} — and a position in it. A cursor that does not decode,
 * or was made for another scope (another user, another list, another filter) is a 422 with
 * {@code details.cursor}. Cursors are not secret: a hand-made one can only point into the caller's
 * own list, which the scope check enforces.
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final String INVALID = "The cursor is invalid or belongs to another list";
    /** Years 1 to 9999, in microseconds since the epoch. */
    private static final long MIN_MICROS = -62_135_596_800_000_000L;
    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    private Cursors() {
    }

    /** A cursor for a {@code (created_at, id)} keyset list. */
    public static String encode(String scope, Keyset position) {
        return encode(scope, position.epochMicros() + "|" + position.id());
    }

    /** The keyset position in a cursor of this scope; 422 otherwise. */
    public static Keyset decodeKeyset(String scope, String cursor) {
        String[] parts = decode(scope, cursor).split("\\|", -1);
        if (parts.length != 2) {
            throw invalid();
        }
        try {
            long micros = Long.parseLong(parts[0]);
            // A hand-made position outside the years PostgreSQL stores would fail in SQL: refused here.
            if (micros < MIN_MICROS || micros > MAX_MICROS) {
                throw invalid();
            }
            return Keyset.ofEpochMicros(micros, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    /** A cursor carrying any position text (a sequence number, say) for this scope. */
    public static String encode(String scope, String position) {
        String plain = VERSION + "\n" + scope + "\n" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position text of a cursor made for this scope; 422 with {@code details.cursor} otherwise. */
    public static String decode(String scope, String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > 1024) {
            throw invalid();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split("\n", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !scope.equals(parts[1])) {
            throw invalid();
        }
        return parts[2];
    }

    private static ApiException invalid() {
        return ApiException.invalid("cursor", INVALID);
    }
}
