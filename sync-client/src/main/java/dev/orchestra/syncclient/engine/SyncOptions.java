package dev.orchestra.syncclient.engine;

import java.time.Duration;

/**
 * Tunables of a sync session.
 *
 * @param scanEvery       the periodic scan of the folder (the file watcher only makes one come sooner)
 * @param watch           whether to use the OS's file watcher at all
 * @param answerWait      how long a pushed mutation may go unanswered on the socket before a pull asks
 *                        (a mutation that changed nothing is answered only through a pull's {@code last_mutation_id})
 * @param socketIdle      a socket silent this long is taken for dead (the server pings every 25 s)
 * @param maxBackoff      the longest wait between attempts while the server cannot be reached
 */
public record SyncOptions(Duration scanEvery, boolean watch, Duration answerWait, Duration socketIdle, Duration maxBackoff) {

    public static SyncOptions defaults() {
        return new SyncOptions(Duration.ofSeconds(2), true, Duration.ofSeconds(3), Duration.ofSeconds(75), Duration.ofSeconds(30));
    }
}
