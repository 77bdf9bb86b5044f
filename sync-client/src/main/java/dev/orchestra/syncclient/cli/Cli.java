package dev.orchestra.syncclient.cli;

import dev.orchestra.syncclient.Session;
import dev.orchestra.syncclient.auth.AuthApi;
import dev.orchestra.syncclient.auth.CredentialStore;
import dev.orchestra.syncclient.auth.Credentials;
import dev.orchestra.syncclient.engine.Connection;
import dev.orchestra.syncclient.engine.Status;
import dev.orchestra.syncclient.engine.SyncEngine;
import dev.orchestra.syncclient.engine.SyncOptions;
import dev.orchestra.syncclient.protocol.ApiException;
import dev.orchestra.syncclient.protocol.Http;
import dev.orchestra.syncclient.protocol.NotLoggedIn;
import dev.orchestra.syncclient.protocol.OrchestraApi;
import dev.orchestra.syncclient.protocol.Project;
import dev.orchestra.syncclient.protocol.SyncApi;
import dev.orchestra.syncclient.state.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The command line:
 * <pre>
 *   orchestra-sync login --server URL --email E [--password-stdin] [--auth-server URL]
 *   orchestra-sync logout
 *   orchestra-sync projects [--create NAME]
 *   orchestra-sync sync PROJECT DIR [--once] [--timeout SECONDS] [--device-name NAME]
 *   orchestra-sync status DIR
 * </pre>
 * Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
public final class Cli {

    static final String USAGE = """
            usage:
              orchestra-sync login --server URL --email EMAIL [--password-stdin] [--auth-server URL]
              orchestra-sync logout
              orchestra-sync projects [--create NAME]
              orchestra-sync sync PROJECT DIR [--once] [--timeout SECONDS] [--device-name NAME]
              orchestra-sync status DIR
            PROJECT is a project's id, or its name when no other project has it.
            Tokens are kept in $ORCHESTRA_SYNC_CONFIG (default: the user's config directory, orchestra-sync/).
            """;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, char[]> passwordPrompt;
    private final Clock clock;

    /** {@code passwordPrompt}: reads a password without echo (null when there is no terminal). */
    public Cli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Function<String, char[]> passwordPrompt, Clock clock) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.passwordPrompt = passwordPrompt;
        this.clock = clock;
    }

    public int run(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
            (rest.isEmpty() ? err : out).print(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.remove(0);
        try {
            return switch (command) {
                case "login" -> login(rest);
                case "logout" -> logout();
                case "projects" -> projects(rest);
                case "sync" -> sync(rest);
                case "status" -> status(rest);
                default -> usage("unknown command: " + command);
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (NotLoggedIn e) {
            err.println("orchestra-sync: " + e.getMessage());
            return 1;
        } catch (ApiException e) {
            err.println("orchestra-sync: the server refused: " + e.getMessage() + (e.details().size() > 0 ? " " + e.details() : ""));
            return 1;
        } catch (IOException e) {
            err.println("orchestra-sync: " + e.getMessage());
            return 1;
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("orchestra-sync: " + e.getMessage());
            return 1;
        }
    }

    private int usage(String problem) {
        err.println("orchestra-sync: " + problem);
        err.print(USAGE);
        return 2;
    }

    // ---------------------------------------------------------------- commands

    private int login(List<String> args) throws IOException {
        String server = option(args, "--server", null);
        String email = option(args, "--email", null);
        String authServer = option(args, "--auth-server", server);
        boolean fromStdin = flag(args, "--password-stdin");
        noMore(args);
        if (server == null || email == null) {
            throw new UsageException("login needs --server and --email");
        }
        String password;
        if (fromStdin) {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } else if (passwordPrompt != null) {
            char[] typed = passwordPrompt.apply("Password for " + email + ": ");
            password = typed == null ? null : new String(typed);
        } else {
            throw new UsageException("no terminal to prompt for the password: give it on standard input with --password-stdin");
        }
        if (password == null || password.isEmpty()) {
            throw new UsageException("no password given");
        }
        Credentials credentials = Session.login(store().dir(), server, authServer, email, password);
        out.println("logged in as " + credentials.email() + " on " + credentials.server() + " (tokens in " + store().file() + ")");
        return 0;
    }

    private int logout() throws IOException {
        CredentialStore store = store();
        Credentials credentials = store.load().orElse(null);
        if (credentials != null) {
            try {
                new AuthApi(new Http(Session.httpClient(), Duration.ofSeconds(30)), clock).logout(credentials);
            } catch (IOException | ApiException e) {
                err.println("orchestra-sync: the server did not confirm the logout (" + e.getMessage() + "); the tokens are deleted here anyway");
            }
            store.delete();
        }
        out.println("logged out");
        return 0;
    }

    private int projects(List<String> args) throws IOException {
        String create = option(args, "--create", null);
        noMore(args);
        OrchestraApi api = Session.open(store().dir(), null).api();
        if (create != null) {
            Project project = api.createProject(create);
            out.println(project.id() + "  " + project.name());
            return 0;
        }
        List<Project> projects = api.projects();
        if (projects.isEmpty()) {
            out.println("no projects (make one with: orchestra-sync projects --create NAME)");
        }
        for (Project project : projects) {
            out.println(project.id() + "  " + project.name());
        }
        return 0;
    }

    private int sync(List<String> args) throws IOException {
        boolean once = flag(args, "--once");
        Duration timeout = Duration.ofSeconds(Long.parseLong(option(args, "--timeout", "600")));
        String deviceName = option(args, "--device-name", null);
        if (args.size() != 2) {
            throw new UsageException("sync needs PROJECT and DIR");
        }
        String projectArg = args.get(0);
        Path dir = Path.of(args.get(1)).toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(dir);
        Session session = Session.open(store().dir(), null);
        UUID projectId = resolveProject(session.api(), projectArg);
        Connection connection = session.connection(!once);
        try (SyncEngine engine = SyncEngine.open(dir, connection, projectId, deviceName == null ? hostName() : deviceName,
                SyncOptions.defaults(), clock, err::println)) {
            if (once) {
                boolean done = engine.syncOnce(timeout);
                Status status = engine.status();
                out.print(status.render());
                if (!done) {
                    err.println("orchestra-sync: not up to date after " + timeout.toSeconds() + " s: " + status.pending().size()
                            + " mutation(s) still pending (they are kept and pushed next time)");
                    return 1;
                }
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                engine.close();
                stopped.countDown();
            }, "orchestra-sync-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            engine.start();
            err.println("syncing " + dir + " with project " + projectId + " (device " + engine.deviceId() + "); Ctrl-C stops");
            while (!engine.stopped()) {
                try {
                    if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return engine.stopped() && stopped.getCount() == 1 ? 1 : 0;
        }
    }

    private int status(List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new UsageException("status needs DIR");
        }
        StateStore store = new StateStore(Path.of(args.get(0)));
        if (!store.exists()) {
            err.println("orchestra-sync: " + store.folder() + " is not a synced folder (no " + StateStore.DIR_NAME + "/state.json)");
            return 1;
        }
        out.print(Status.of(store.load()).render());
        return 0;
    }

    // ---------------------------------------------------------------- helpers

    /** A project's id: the argument itself when it is one of the user's projects' ids, else the one project of that name. */
    static UUID resolveProject(SyncApi api, String argument) throws IOException {
        List<Project> projects = api.projects();
        for (Project project : projects) {
            if (project.id().toString().equalsIgnoreCase(argument)) {
                return project.id();
            }
        }
        List<Project> named = projects.stream().filter(project -> argument.equals(project.name())).toList();
        if (named.size() == 1) {
            return named.get(0).id();
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no project with the id or name " + argument + " (see: orchestra-sync projects)");
        }
        StringBuilder ids = new StringBuilder();
        named.forEach(project -> ids.append(' ').append(project.id()));
        throw new IllegalArgumentException(named.size() + " projects are named " + argument + ": give the id of one of" + ids);
    }

    private CredentialStore store() {
        return new CredentialStore(CredentialStore.defaultDir(env));
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (IOException e) {
            return "this device";
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        args.remove(at);
        return args.remove(at);
    }

    private static boolean flag(List<String> args, String name) {
        return args.remove(name);
    }

    private static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected: " + String.join(" ", args));
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
