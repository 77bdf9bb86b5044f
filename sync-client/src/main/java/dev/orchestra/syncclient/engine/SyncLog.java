package dev.orchestra.syncclient.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the engine did and why, for people: appended to {@code .orchestra-sync/sync.log} (kept under
 * 1 MiB: the older half moves to {@code sync.log.1}) and handed to a console, if any.
 */
public final class SyncLog {

    private static final long MAX_BYTES = 1024 * 1024;

    private final Path file;
    private final Clock clock;
    private final Consumer<String> console;

    public SyncLog(Path file, Clock clock, Consumer<String> console) {
        this.file = file;
        this.clock = clock;
        this.console = console == null ? line -> { } : console;
    }

    public void info(String message) {
        write("info", message);
    }

    public void warn(String message) {
        write("WARN", message);
    }

    private synchronized void write(String level, String message) {
        String line = clock.instant() + " " + level + " " + message;
        console.accept(line);
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is for people; syncing goes on without it.
        }
    }
}
