package dev.orchestra.enginedev;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The command line of the development engine.
 *
 * @param host        the address to listen on (127.0.0.1 unless told: a pod listens on 0.0.0.0)
 * @param port        TCP port (0: any free port)
 * @param indexDir    where the Lucene index lives; created when missing
 * @param catalogFile the extension catalog, or null for the built-in one
 * @param callDelay   artificial wait before every Engine call, so clients' deadlines can be tested
 * @param pidFile     where to write this process's id while it runs, or null
 */
public record EngineOptions(String host, int port, Path indexDir, Path catalogFile, Duration callDelay, Path pidFile) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9190;
    public static final Path DEFAULT_INDEX_DIR = Path.of(".orchestra", "engine", "index");

    private static final Set<String> FLAGS = Set.of("--host", "--port", "--index-dir", "--catalog", "--delay-ms", "--pid-file");

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar orchestra-engine-dev.jar [options]",
            "  --host ADDRESS    the address to listen on (default " + DEFAULT_HOST + "; 0.0.0.0 in a container)",
            "  --port N          port (default " + DEFAULT_PORT + "; 0 = any free port)",
            "  --index-dir DIR   the on-disk index (default " + DEFAULT_INDEX_DIR + ")",
            "  --catalog FILE    extension catalog (default: the built-in one)",
            "  --delay-ms N      wait N ms before answering each Engine call (default 0: off)",
            "  --pid-file FILE   write the process id there while running",
            "  --help            this text");

    /** On 127.0.0.1. */
    public EngineOptions(int port, Path indexDir, Path catalogFile, Duration callDelay, Path pidFile) {
        this(DEFAULT_HOST, port, indexDir, catalogFile, callDelay, pidFile);
    }

    public EngineOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host needs an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
        }
        if (indexDir == null) {
            throw new IllegalArgumentException("an index directory is required");
        }
        if (callDelay == null || callDelay.isNegative()) {
            throw new IllegalArgumentException("--delay-ms must not be negative");
        }
    }

    /** Defaults everywhere: port 9190, .orchestra/engine/index, built-in catalog, no delay. */
    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_PORT, DEFAULT_INDEX_DIR, null, Duration.ZERO, null);
    }

    /** Accepts {@code --name value} and {@code --name=value}; unknown flags are errors, not ignored. */
    public static EngineOptions parse(String... args) {
        EngineOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int equals = flag.indexOf('=');
            if (equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            options = options.with(flag, value);
        }
        return options;
    }

    private EngineOptions with(String flag, String value) {
        return switch (flag) {
            case "--host" -> new EngineOptions(value, port, indexDir, catalogFile, callDelay, pidFile);
            case "--port" -> new EngineOptions(host, number(flag, value), indexDir, catalogFile, callDelay, pidFile);
            case "--index-dir" -> new EngineOptions(host, port, Path.of(value), catalogFile, callDelay, pidFile);
            case "--catalog" -> new EngineOptions(host, port, indexDir, Path.of(value), callDelay, pidFile);
            case "--delay-ms" -> new EngineOptions(host, port, indexDir, catalogFile, Duration.ofMillis(number(flag, value)),
                    pidFile);
            case "--pid-file" -> new EngineOptions(host, port, indexDir, catalogFile, callDelay, Path.of(value));
            default -> throw new IllegalArgumentException("unknown option " + flag);
        };
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a number, not '" + value + "'");
        }
    }
}
