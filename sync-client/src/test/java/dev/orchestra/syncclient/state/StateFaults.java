package dev.orchestra.syncclient.state;

import java.util.concurrent.atomic.AtomicInteger;

/** For tests of other packages: makes every atomic write (state, blobs, synced files) fail, as a full disk would. */
public final class StateFaults {

    private StateFaults() {
    }

    /** From now on every atomic write fails before its rename; {@code failed} counts the failures. */
    public static void failWrites(AtomicInteger failed, Runnable onFailure) {
        AtomicFiles.beforeRename = () -> {
            failed.incrementAndGet();
            onFailure.run();
            throw new IllegalStateException("disk full");
        };
    }

    public static void heal() {
        AtomicFiles.beforeRename = () -> { };
    }
}
