package dev.orchestra.syncclient.engine;

/**
 * Where a socket's {@code changes} frame stands against the folder's last applied seq: the user's log
 * is gapless, so a frame applies only when it starts right after it; one wholly at or below it was
 * seen (a repeat, or the overlap of two sockets during a token renewal); anything else means frames
 * were missed (a reconnect, a frame lost with a socket) and the folder pulls from its cursor instead.
 */
public final class ChangeFeed {

    public enum Decision { APPLY, ALREADY_SEEN, GAP }

    private ChangeFeed() {
    }

    public static Decision decide(long lastSeq, long fromSeq, long toSeq) {
        if (toSeq <= lastSeq) {
            return Decision.ALREADY_SEEN;
        }
        return fromSeq == lastSeq + 1 ? Decision.APPLY : Decision.GAP;
    }
}
