package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.Preferences;
import dev.orchestra.notification.repository.PreferencesRepository;
import dev.orchestra.notification.repository.UserLocks;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** A user's mail choices: both true until the user changes them. */
@ApplicationScoped
public class PreferencesService {

    private final PreferencesRepository preferences;
    private final UserLocks users;
    private final Revocations revocations;
    private final Clock clock;

    public PreferencesService(PreferencesRepository preferences, UserLocks users, Revocations revocations, Clock clock) {
        this.preferences = preferences;
        this.users = users;
        this.revocations = revocations;
        this.clock = clock;
    }

    public PreferencesView get(UUID userId) {
        return view(preferences.find(userId).orElse(Preferences.DEFAULTS));
    }

    /** Changes the given choices (null = unchanged) and returns them all. */
    @Transactional
    public PreferencesView update(UUID userId, Boolean productUpdates, Boolean billingReceipts) {
        users.lock(userId);
        if (revocations.isDeleted(userId)) {
            // The erasure committed while this request was under way: nothing is written back.
            throw ApiException.unauthorized("Missing, invalid or expired token");
        }
        return view(preferences.update(userId, productUpdates, billingReceipts, clock.instant()));
    }

    private static PreferencesView view(Preferences preferences) {
        return new PreferencesView(preferences.productUpdates(), preferences.billingReceipts());
    }
}
