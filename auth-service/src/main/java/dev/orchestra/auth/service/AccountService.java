package dev.orchestra.auth.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.auth.domain.User;
import dev.orchestra.auth.repository.UserRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.json.JsonNumbers;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Accounts: registration, the profile, erasure, the plan from billing, the admin listing. */
@ApplicationScoped
public class AccountService {

    /** A profile change: each field is either absent (unchanged) or given (null clears it). */
    public record ProfileChange(boolean nameGiven, String name, boolean avatarGiven, String avatarUrl, boolean settingsGiven,
                                JsonNode settings) {
    }

    private final UserRepository users;
    private final SessionService sessions;
    private final EmailVerificationService verification;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final Revocations revocations;
    private final UserEvents events;
    private final Clock clock;

    public AccountService(UserRepository users, SessionService sessions, EmailVerificationService verification,
                          PasswordHasher hasher, LoginLockout lockout, Revocations revocations, UserEvents events,
                          Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.verification = verification;
        this.hasher = hasher;
        this.lockout = lockout;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A new account and its first session; its verification mail is requested in the same commit.
     * The e-mail is unique case-insensitively (409).
     */
    public SignedIn register(String email, String name, String password, Device device) {
        Map<String, String> errors = new LinkedHashMap<>();
        AccountRules.email(email, errors);
        AccountRules.name(name, errors);
        AccountRules.password(password, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String normalized = User.normalizeEmail(email);
        if (QuarkusTransaction.requiringNew().call(() -> users.emailTaken(normalized))) {
            throw emailTaken();
        }
        String passwordHash = hasher.hash(password);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant now = now();
                User user = new User();
                user.id = Ids.newId(clock);
                user.email = email.trim();
                user.emailNormalized = normalized;
                user.name = AccountRules.tidy(name);
                user.passwordHash = passwordHash;
                user.plan = "free";
                user.settings = "{}";
                user.version = 1;
                user.createdAt = now;
                user.updatedAt = now;
                users.persist(user);
                // The insert (and its unique check) happens here, before the events are written.
                users.flush();
                events.registered(user);
                verification.issue(user, EmailVerificationRequested.Reason.REASON_REGISTRATION);
                return sessions.start(user, device);
            });
        } catch (RuntimeException e) {
            if (isEmailConflict(e)) {
                throw emailTaken();
            }
            throw e;
        }
    }

    @Transactional
    public UserView get(UUID userId) {
        return users.findByIdOptional(userId).map(UserView::of).orElseThrow(ApiException::notFound);
    }

    /**
     * A partial update (docs/architecture.md section 2): absent fields stay, {@code null} clears the avatar
     * (and resets settings to {}), settings are replaced whole. With an expected version, a stale
     * one is a 409 carrying the current version.
     */
    @Transactional
    public UserView update(UUID userId, ProfileChange change, Long expectedVersion) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (change.nameGiven()) {
            AccountRules.name(change.name(), errors);
        }
        if (change.avatarGiven() && change.avatarUrl() != null) {
            AccountRules.avatarUrl(change.avatarUrl(), errors);
        }
        String settings = null;
        if (change.settingsGiven()) {
            if (change.settings() != null) {
                JsonNumbers.check(change.settings(), "settings");
            }
            settings = change.settings() == null ? "{}" : JsonNumbers.canonicalText(change.settings());
            AccountRules.settings(settings, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        User user = users.lock(userId).orElseThrow(ApiException::notFound);
        if (expectedVersion != null && expectedVersion != user.version) {
            throw ApiException.staleVersion(user.version);
        }
        boolean changed = false;
        if (change.nameGiven() && !AccountRules.tidy(change.name()).equals(user.name)) {
            user.name = AccountRules.tidy(change.name());
            changed = true;
        }
        if (change.avatarGiven() && !Objects.equals(change.avatarUrl(), user.avatarUrl)) {
            user.avatarUrl = change.avatarUrl();
            changed = true;
        }
        if (settings != null && !sameJson(settings, user.settings)) {
            user.settings = settings;
            changed = true;
        }
        if (changed) {
            user.changed(now());
            users.flush();
            events.updated(user);
        }
        return UserView.of(user);
    }

    /**
     * Erases the account once its password is confirmed: its sessions and tokens go with it, its
     * tokens are refused at once, and UserDeleted tells every other service to erase the user too.
     * A wrong password is a 403 and counts towards the address's lockout from this client.
     */
    public void delete(UUID userId, String password, String clientIp) {
        if (password == null || password.isEmpty()) {
            throw ApiException.invalid("password", "Password is required");
        }
        User found = QuarkusTransaction.requiringNew().call(() -> users.findByIdOptional(userId)).orElseThrow(ApiException::notFound);
        lockout.admit(found.emailNormalized, clientIp);
        if (!hasher.verify(found.passwordHash, password)) {
            throw ApiException.forbidden("The password is incorrect");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            User user = users.lock(userId).orElseThrow(ApiException::notFound);
            if (!user.passwordHash.equals(found.passwordHash)) {
                // Reset meanwhile: the password just checked is no longer this account's.
                throw ApiException.forbidden("The password is incorrect");
            }
            Instant now = now();
            users.delete(user);
            lockout.succeeded(user.emailNormalized, clientIp);
            revocations.markDeleted(userId, now);
            events.deleted(userId, now);
        });
    }

    /** The plan of a SubscriptionChanged, applied only when its subscription version is newer. */
    @Transactional
    public void applySubscription(UUID userId, String plan, long subscriptionVersion) {
        users.lock(userId).filter(user -> subscriptionVersion > user.subscriptionVersion).ifPresent(user -> {
            user.subscriptionVersion = subscriptionVersion;
            if (!plan.equals(user.plan)) {
                user.plan = plan;
                user.changed(now());
                users.flush();
                events.updated(user);
            }
        });
    }

    /** Every account, newest first, optionally those whose e-mail starts with a prefix. */
    @Transactional
    public Page<UserView> list(String emailPrefix, String limit, String cursor) {
        String prefix = emailPrefix == null || emailPrefix.isBlank() ? null : User.normalizeEmail(emailPrefix);
        PageRequest request = PageRequest.of(limit, cursor, "admin-users:" + (prefix == null ? "" : prefix));
        List<User> rows = users.page(prefix, request.after(), request.fetchSize());
        return request.page(rows, user -> new Keyset(user.createdAt, user.id), UserView::of);
    }

    /** Stored timestamps have microseconds: so do the ones this service hands out in the same answer. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private boolean sameJson(String a, String b) {
        try {
            return JsonNumbers.sameByValue(JsonNumbers.read(a), JsonNumbers.read(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static ApiException emailTaken() {
        return new ApiException(dev.orchestra.platform.error.ErrorCode.CONFLICT, "An account with this e-mail already exists",
                Map.of("email", "Already registered"));
    }

    /** A unique violation (SQL state 23505) on the insert: the address was taken meanwhile (ids are UUIDv7). */
    private static boolean isEmailConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
