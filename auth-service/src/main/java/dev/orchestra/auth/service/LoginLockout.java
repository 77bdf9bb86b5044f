package dev.orchestra.auth.service;

import dev.orchestra.auth.repository.LoginFailureRepository;
import dev.orchestra.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-address lockout: after N failed password checks for one normalised e-mail within the window —
 * whether or not an account has it — the address answers 429 until the oldest of those N leaves the
 * window. Refused attempts are not counted (they check no password), so waiting always ends it; a
 * successful login forgets the address's failures.
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

    /** @throws ApiException 429 with {@code Retry-After} while the address is locked */
    public void check(String emailNormalized) {
        Instant now = clock.instant();
        List<Instant> recent = QuarkusTransaction.requiringNew()
                .call(() -> failures.recent(emailNormalized, now.minus(window), maxFailures));
        if (recent.size() >= maxFailures) {
            Instant unlocks = recent.get(maxFailures - 1).plus(window);
            long seconds = Math.max(1, (Duration.between(now, unlocks).toMillis() + 999) / 1000);
            throw ApiException.rateLimited(Duration.ofSeconds(seconds));
        }
    }

    public void recordFailure(String emailNormalized) {
        QuarkusTransaction.requiringNew().run(() -> failures.record(emailNormalized, clock.instant()));
    }

    /** In the caller's transaction. */
    public void forget(String emailNormalized) {
        failures.forget(emailNormalized);
    }

    public Duration window() {
        return window;
    }
}
