package dev.orchestra.enginedev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Runs the development engine until SIGTERM (or Ctrl-C): then it stops taking calls, lets the
 * running ones finish, and closes the index so that nothing acknowledged is lost.
 */
public final class EngineDevMain {

    private EngineDevMain() {
    }

    public static void main(String[] args) throws Exception {
        // Both set before the first logger exists: one line per record unless a logging config says
        // otherwise, and logging that lasts through the shutdown hook.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s [engine-dev] %5$s%6$s%n");
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(EngineOptions.USAGE);
            return;
        }
        EngineOptions options;
        try {
            options = EngineOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(EngineOptions.USAGE);
            System.exit(2);
            return;
        }

        Logger log = Logger.getLogger(EngineDevMain.class.getName());
        if (LogManager.getLogManager() instanceof ShutdownSafeLogManager) {
            ShutdownSafeLogManager.keepHandlers();
        }
        EngineServer server;
        try {
            server = EngineServer.start(options);
        } catch (IOException | IllegalArgumentException e) {
            log.severe("cannot start: " + e);
            System.exit(1);
            return;
        }
        Path pidFile = options.pidFile();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (pidFile != null) {
                deleteQuietly(pidFile);
            }
        }, "engine-dev-shutdown"));
        if (pidFile != null) {
            writePid(pidFile);
        }
        server.awaitTermination();
    }

    private static void writePid(Path pidFile) throws IOException {
        Path parent = pidFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(pidFile, ProcessHandle.current().pid() + System.lineSeparator());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale pid file is harmless: whoever reads it checks that the process lives.
        }
    }
}
