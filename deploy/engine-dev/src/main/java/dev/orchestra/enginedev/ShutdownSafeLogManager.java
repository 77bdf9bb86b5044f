package dev.orchestra.enginedev;

import java.util.logging.LogManager;

/**
 * The JDK resets logging in a shutdown hook of its own, racing ours: the lines saying that the
 * server stopped and the index was closed would often be lost. Once the engine has started, this
 * manager ignores resets (console handlers flush every record, so nothing is left unwritten).
 */
public final class ShutdownSafeLogManager extends LogManager {

    private static volatile boolean started;

    /** From now on, keep the handlers to the end of the process. */
    static void keepHandlers() {
        started = true;
    }

    @Override
    public void reset() {
        if (!started) {
            super.reset();
        }
    }
}
