package dev.orchestra.auth.service;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * the cost from config (at least m=19 MiB, t=2, p=1). A hash made with other parameters verifies,
 * and {@link #needsRehash} says to replace it at the next successful login. Blocking and
 * CPU-bound: call it on worker threads, never on the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PARAMETERS = Pattern.compile("^\\$argon2id\\$v=\\d+\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    private static final int MIN_MEMORY_KIB = 19 * 1024;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id);
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    /** A hash of nothing anyone knows: verifying against it costs what a real check costs. */
    private final String dummyHash;

    public PasswordHasher(@ConfigProperty(name = "orchestra.auth.argon2.memory-kib", defaultValue = "19456") int memoryKib,
                          @ConfigProperty(name = "orchestra.auth.argon2.iterations", defaultValue = "2") int iterations,
                          @ConfigProperty(name = "orchestra.auth.argon2.parallelism", defaultValue = "1") int parallelism) {
        if (memoryKib < MIN_MEMORY_KIB || iterations < 2 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id needs at least m=19 MiB, t=2, p=1");
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.dummyHash = hash("dummy password for unknown e-mails " + System.nanoTime());
    }

    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.hash(iterations, memoryKib, parallelism, chars, StandardCharsets.UTF_8);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    public boolean verify(String phc, String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(phc, chars, StandardCharsets.UTF_8);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /**
     * Spends one verification of the configured cost and returns false: a login with an unknown
     * e-mail takes as long as one with a wrong password.
     */
    public boolean verifyAgainstNothing(String password) {
        verify(dummyHash, password);
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
}
