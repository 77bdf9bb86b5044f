package dev.orchestra.auth.service;

import dev.orchestra.auth.repository.LoginFailureRepository;
import dev.orchestra.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-address lockout: after N failed password checks for one normalised e-mail within the window —
 * whether or not an account has it — the address answers 429 until the oldest of those N leaves the
 * window. Each check is counted as a failure before it runs, under a lock per address, so N
 * concurrent attempts cannot slip past the count; a check that succeeds forgets the address's
 * failures. Refused attempts check no password and are not counted, so waiting always ends it.
 * Addresses are kept only as SHA-256, so any text fits and no mistyped address is stored.
 */
@ApplicationScoped
public class LoginLockout {

    private final LoginFailureRepository failures;
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    public LoginLockout(LoginFailureRepository failures, Clock clock,
                        @ConfigProperty(name = "orchestra.auth.lockout.failures") int maxFailures,
                        @ConfigProperty(name = "orchestra.auth.lockout.window") Duration window) {
        this.failures = failures;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /**
     * Admits one password check for the address, counted as a failure until {@link #succeeded}.
     *
     * @throws ApiException 429 with {@code Retry-After} while the address is locked
     */
    public void admit(String emailNormalized) {
        admit(emailNormalized, () -> null);
    }

    /** The same, reading {@code alsoRead} in the same transaction (one round of the database, not two). */
    public <T> T admit(String emailNormalized, java.util.function.Supplier<T> alsoRead) {
        String key = hash(emailNormalized);
        return QuarkusTransaction.requiringNew().call(() -> {
            failures.lockAddress(key);
            Instant now = clock.instant();
            List<Instant> recent = failures.recent(key, now.minus(window), maxFailures);
            if (recent.size() >= maxFailures) {
                Instant unlocks = recent.get(maxFailures - 1).plus(window);
                long seconds = Math.max(1, (Duration.between(now, unlocks).toMillis() + 999) / 1000);
                throw ApiException.rateLimited(Duration.ofSeconds(seconds));
            }
            failures.record(key, now);
            return alsoRead.get();
        });
    }

    /** The check passed: the address's failures are forgotten, in the caller's transaction. */
    public void succeeded(String emailNormalized) {
        failures.forget(hash(emailNormalized));
    }

    public Duration window() {
        return window;
    }

    static String hash(String emailNormalized) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(emailNormalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
