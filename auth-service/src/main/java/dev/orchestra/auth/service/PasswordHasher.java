package dev.orchestra.auth.service;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * the cost from config (at least m=19 MiB, t=2, p=1). A hash made with other parameters verifies,
 * and {@link #needsRehash} says to replace it at the next successful login.
 *
 * <p>Blocking and CPU- and memory-bound: it refuses to run on the event loop, and hashes on a pool
 * of {@code orchestra.auth.argon2.max-concurrent} threads of its own (each hash holds m KiB of
 * native memory; more parallel hashes than cores only queue in RAM, and few threads keep few malloc
 * arenas, so the service's memory stays bounded). Every verification is counted
 * ({@code orchestra_auth_password_verifications_total}, {@code kind=account|dummy}).
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PARAMETERS = Pattern.compile("^\\$argon2id\\$v=\\d+\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    private static final int MIN_MEMORY_KIB = 19 * 1024;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id);
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final ExecutorService hashing;
    private final Counter accountVerifications;
    private final Counter dummyVerifications;
    /** A hash of nothing anyone knows, of the configured cost: verifying against it costs what a real check costs. */
    private final String dummyHash;

    @Inject
    public PasswordHasher(@ConfigProperty(name = "orchestra.auth.argon2.memory-kib", defaultValue = "19456") int memoryKib,
                          @ConfigProperty(name = "orchestra.auth.argon2.iterations", defaultValue = "2") int iterations,
                          @ConfigProperty(name = "orchestra.auth.argon2.parallelism", defaultValue = "1") int parallelism,
                          @ConfigProperty(name = "orchestra.auth.argon2.max-concurrent", defaultValue = "2") int maxConcurrent,
                          MeterRegistry metrics) {
        if (memoryKib < MIN_MEMORY_KIB || iterations < 2 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id needs at least m=19 MiB, t=2, p=1");
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        AtomicInteger threads = new AtomicInteger();
        this.hashing = Executors.newFixedThreadPool(Math.max(1, maxConcurrent), work -> {
            Thread thread = new Thread(work, "argon2-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.accountVerifications = Counter.builder("orchestra.auth.password.verifications").tag("kind", "account")
                .description("Argon2id verifications against an account's hash").register(metrics);
        this.dummyVerifications = Counter.builder("orchestra.auth.password.verifications").tag("kind", "dummy")
                .description("Argon2id verifications spent on a login for an unknown e-mail").register(metrics);
        this.dummyHash = argon2.hash(iterations, memoryKib, parallelism,
                ("dummy password for unknown e-mails " + System.nanoTime()).toCharArray(), StandardCharsets.UTF_8);
    }

    /** For tests outside the container. */
    PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this(memoryKib, iterations, parallelism, 2, new SimpleMeterRegistry());
    }

    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return bounded(() -> argon2.hash(iterations, memoryKib, parallelism, chars, StandardCharsets.UTF_8));
        } finally {
            argon2.wipeArray(chars);
        }
    }

    public boolean verify(String phc, String password) {
        return check(phc, password, accountVerifications);
    }

    /**
     * Spends one verification of the configured cost and returns false: a login with an unknown
     * e-mail takes as long as one with a wrong password.
     */
    public boolean verifyAgainstNothing(String password) {
        check(dummyHash, password, dummyVerifications);
        return false;
    }

    /** Whether the hash was made with other parameters than the configured ones. */
    public boolean needsRehash(String phc) {
        Matcher matcher = PARAMETERS.matcher(phc);
        return !matcher.find()
                || Integer.parseInt(matcher.group(1)) != memoryKib
                || Integer.parseInt(matcher.group(2)) != iterations
                || Integer.parseInt(matcher.group(3)) != parallelism;
    }

    /** The dummy hash's PHC string (its parameters are the configured ones; tests check that). */
    String dummyHash() {
        return dummyHash;
    }

    /** Verifies, and counts the verification right where Argon2 ran: the count is the evidence that it did. */
    private boolean check(String phc, String password, Counter counter) {
        char[] chars = password.toCharArray();
        try {
            return bounded(() -> {
                boolean matches = argon2.verify(phc, chars, StandardCharsets.UTF_8);
                counter.increment();
                return matches;
            });
        } finally {
            argon2.wipeArray(chars);
        }
    }

    private <T> T bounded(Supplier<T> work) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("password hashing must not run on the event loop");
        }
        Future<T> result = hashing.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The hash runs to its end anyway; its caller waits for it.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void stop() {
        hashing.shutdownNow();
    }
}
