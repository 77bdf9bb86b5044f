package dev.orchestra.platform.id;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Ids the server makes (docs/architecture.md section 2): UUID version 7, a millisecond timestamp followed by
 * random bits, so that new rows land at the end of their primary-key index instead of anywhere.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID newId() {
        return newId(System.currentTimeMillis());
    }

    public static UUID newId(Clock clock) {
        return newId(clock.millis());
    }

    static UUID newId(long epochMillis) {
        long random = RANDOM.nextLong();
        long high = (epochMillis << 16) | 0x7000L | ((random >>> 52) & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** The UUID in the text, or null when it is not one (a malformed id is a 404 or a 422, never a 500). */
    public static UUID parseOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            // UUID.fromString accepts short groups ("1-1-1-1-1"); only the canonical form is an id.
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
