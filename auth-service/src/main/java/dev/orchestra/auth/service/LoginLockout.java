package dev.orchestra.auth.service;

import dev.orchestra.auth.repository.LoginFailureRepository;
import dev.orchestra.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login lockout, per client and per address. After N failed password checks for one normalised
 * e-mail from one client (its IP; an IPv6 client by its /64) within the window — whether or not an
 * account has the address — that client gets 429 for the address until the oldest of those N leaves
 * the window; after M failures from all clients together, every client does. So a stranger guessing
 * from one network cannot lock the owner out from another, and a spread-out attack still meets a
 * ceiling. Each check is counted as a failure before it runs, under a lock per address, so
 * concurrent attempts cannot slip past the count; a check that succeeds forgets that client's
 * failures (a password reset forgets all of them). Refused attempts check no password and are not
 * counted, so waiting always ends it. Token refreshes and access tokens are never refused by it.
 * Addresses are kept only as SHA-256, so any text fits and no mistyped address is stored.
 */
@ApplicationScoped
public class LoginLockout {

    private final LoginFailureRepository failures;
    private final Clock clock;
    private final int maxFailures;
    private final int maxAddressFailures;
    private final Duration window;

    public LoginLockout(LoginFailureRepository failures, Clock clock,
                        @ConfigProperty(name = "orchestra.auth.lockout.failures") int maxFailures,
                        @ConfigProperty(name = "orchestra.auth.lockout.account-failures") int maxAddressFailures,
                        @ConfigProperty(name = "orchestra.auth.lockout.window") Duration window) {
        this.failures = failures;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.maxAddressFailures = maxAddressFailures;
        this.window = window;
    }

    /**
     * Admits one password check for the address from this client (its IP as the gateway saw it),
     * counted as a failure until {@link #succeeded}.
     *
     * @throws ApiException 429 with {@code Retry-After} while the client, or the address, is locked
     */
    public void admit(String emailNormalized, String clientIp) {
        admit(emailNormalized, clientIp, () -> null);
    }

    /** The same, reading {@code alsoRead} in the same transaction (one round of the database, not two). */
    public <T> T admit(String emailNormalized, String clientIp, java.util.function.Supplier<T> alsoRead) {
        String key = hash(emailNormalized);
        String client = clientKey(clientIp);
        return QuarkusTransaction.requiringNew().call(() -> {
            failures.lockAddress(key);
            Instant now = clock.instant();
            Instant since = now.minus(window);
            refuseWhileLocked(failures.recent(key, client, since, maxFailures), maxFailures, now);
            refuseWhileLocked(failures.recent(key, since, maxAddressFailures), maxAddressFailures, now);
            failures.record(key, client, now);
            return alsoRead.get();
        });
    }

    private void refuseWhileLocked(List<Instant> recent, int max, Instant now) {
        if (recent.size() >= max) {
            Instant unlocks = recent.get(max - 1).plus(window);
            long seconds = Math.max(1, (Duration.between(now, unlocks).toMillis() + 999) / 1000);
            throw ApiException.rateLimited(Duration.ofSeconds(seconds));
        }
    }

    /** The check passed: this client's failures for the address are forgotten, in the caller's transaction. */
    public void succeeded(String emailNormalized, String clientIp) {
        failures.forget(hash(emailNormalized), clientKey(clientIp));
    }

    /** The password was reset: every client's failures for the address are forgotten. */
    public void reset(String emailNormalized) {
        failures.forgetAll(hash(emailNormalized));
    }

    public Duration window() {
        return window;
    }

    /**
     * The client as the lockout counts it: an IPv4 address as it is; an IPv6 address by its /64 (the
     * network of one subscriber, who may rotate the rest); '' when unknown. Only a literal containing
     * ':' is parsed, so no text ever becomes a name lookup.
     */
    static String clientKey(String ip) {
        if (ip == null || ip.isBlank()) {
            return "";
        }
        String text = ip.strip();
        // Hex groups and colons, optionally ending in a dotted IPv4 part: nothing a resolver would look up.
        if (text.matches("[0-9a-fA-F:]*:[0-9a-fA-F:]*(\\d{1,3}(\\.\\d{1,3}){3})?")) {
            try {
                byte[] bytes = InetAddress.getByName(text).getAddress();
                if (bytes.length == 16) {
                    StringBuilder network = new StringBuilder();
                    for (int i = 0; i < 8; i += 2) {
                        network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                    }
                    return network.append(":/64").toString();
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                return text.length() > 64 ? text.substring(0, 64) : text;
            }
        }
        return text.length() > 64 ? text.substring(0, 64) : text;
    }

    static String hash(String emailNormalized) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(emailNormalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
