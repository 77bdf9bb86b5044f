package dev.orchestra.syncclient.cli;

import java.time.Clock;

/** {@code orchestra-sync}: see {@link Cli} (and sync-client/README.md). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.getenv(), System.in, System.out, System.err, System.console() == null ? null : System.console()::readPassword,
                Clock.systemDefaultZone()).run(args);
        System.exit(code);
    }
}
